package dev.iotpaymerchant.checkouts.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import dev.iotpaymerchant.platform.values.StoredText;

/**
 * What the merchant set besides the price, as its server sent it: the texts the payer sees, its
 * own order id and keys, who may pay, and the hash of the whole request (the same reference with
 * another request is refused). Never changes.
 */
@Embeddable
public class CheckoutTerms {

    @Column(name = "subject", length = 64, nullable = false, updatable = false)
    private String subject;

    @Column(name = "body", length = 255, nullable = false, updatable = false)
    private String body;

    @Column(name = "reference", length = 64, updatable = false)
    private String reference;

    @Column(name = "payer", length = 255, updatable = false)
    private String payer;

    /**
     * The metadata as a JSON object's text (at most 20 keys, values up to 500 characters). JSON writes a
     * control character as six, so only the 16 KiB request body bounds it: a column without a length.
     */
    @Column(name = "metadata", length = StoredText.UNBOUNDED, nullable = false, updatable = false)
    private String metadata;

    @Column(name = "param1", length = 64, updatable = false)
    private String param1;

    @Column(name = "param2", length = 64, updatable = false)
    private String param2;

    @Column(name = "request_hash", length = 64, nullable = false, updatable = false)
    private String requestHash;

    protected CheckoutTerms() {
        // for JPA
    }

    /** The texts and parameters; who may pay and the request's hash follow with {@link #forPayer}. */
    public CheckoutTerms(String subject, String body, String reference, String metadata, String param1, String param2) {
        this.subject = subject;
        this.body = body;
        this.reference = reference;
        this.metadata = metadata;
        this.param1 = param1;
        this.param2 = param2;
    }

    /** These terms, payable by {@code payer} (null: anyone who knows the checkout), for the request {@code hash}. */
    public CheckoutTerms forPayer(String payer, String hash) {
        this.payer = payer;
        this.requestHash = hash;
        return this;
    }

    public String subject() {
        return subject;
    }

    public String body() {
        return body;
    }

    public String reference() {
        return reference;
    }

    public String payer() {
        return payer;
    }

    public String metadata() {
        return metadata;
    }

    public String param1() {
        return param1;
    }

    public String param2() {
        return param2;
    }

    public String requestHash() {
        return requestHash;
    }
}
