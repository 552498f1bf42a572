package dev.iotpaymerchant.access.control;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who is calling /api in this request, as the access filter established it: with {@code api.auth=jwt}
 * the token's subject and whether it is in the operator group; with {@code none} a trusted caller
 * known only by its address, who may do what an operator may.
 */
@RequestScoped
public class Caller {

    private String subject;
    private boolean operator;
    private String address;

    public void authenticated(String subject, boolean operator, String address) {
        this.subject = subject;
        this.operator = operator;
        this.address = address;
    }

    public void trusted(String address) {
        this.subject = null;
        this.operator = true;
        this.address = address;
    }

    /** The token's subject; empty without authentication. It owns the orders it creates. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    public boolean isOperator() {
        return operator;
    }

    /** Who did it, for the audit log: the token's subject, or in api.auth=none the client address. */
    public String actor() {
        return subject != null ? subject : "anonymous (api.auth=none) from " + address;
    }

    /** What rate limits count against: the subject, or else the client address. */
    public String rateKey() {
        return subject != null ? "sub:" + subject : "ip:" + address;
    }

    /** True when this caller may see an order owned by {@code owner}. */
    public boolean maySee(String owner) {
        return operator || (subject != null && subject.equals(owner));
    }
}
