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
    private boolean merchant;
    private boolean trusted;
    private String address;

    /** A caller with a verified token: {@code merchant} when it is in the merchant group (a shop's server). */
    public void authenticated(String subject, boolean operator, boolean merchant, String address) {
        this.subject = subject;
        this.operator = operator;
        this.merchant = merchant;
        this.trusted = false;
        this.address = address;
    }

    /** api.auth=none: every caller is trusted with everything. */
    public void trusted(String address) {
        this.subject = null;
        this.operator = true;
        this.merchant = true;
        this.trusted = true;
        this.address = address;
    }

    /** The token's subject; empty without authentication. It owns the orders it creates. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    public boolean isOperator() {
        return operator;
    }

    /** The merchant's own server (the merchant group), an operator, or anyone when api.auth=none. */
    public boolean isMerchant() {
        return merchant || operator;
    }

    /** api.auth=none: no token, every caller trusted. */
    public boolean isTrusted() {
        return trusted;
    }

    /** Who did it, for the audit log: the token's subject, or in api.auth=none the client address. */
    public String actor() {
        return subject != null ? subject : "anonymous (api.auth=none) from " + address;
    }

    /** This caller as what it does is recorded by (the backend acting alone is {@link Actor#system}). */
    public Actor asActor() {
        return new Actor(actor(), subject());
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
