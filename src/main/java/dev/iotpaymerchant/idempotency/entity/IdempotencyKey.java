package dev.iotpaymerchant.idempotency.entity;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.iotpaymerchant.platform.values.StoredText;

/**
 * A caller's Idempotency-Key (IETF httpapi draft), for orders, refunds and the console's actions:
 * the primary key makes the database decide which of two concurrent requests with one key runs;
 * the stored answer is replayed to every later request with that key. {@code mchOrderNo} names
 * what the first request stored: the order, or for a refund key ({@code refund:…}) the refund's
 * number; the console's actions store nothing of their own. {@code claimToken} fences the claim: naming
 * and completing are writes conditional on it ({@code IdempotencyKeys}), so a request whose stale
 * claim a retry took over can do neither.
 */
@Entity
@Table(name = "idempotency_key", indexes = @Index(name = "ix_idempotency_key_created", columnList = "created_at"))
public class IdempotencyKey {

    @Id
    @Column(name = "idempotency_key", length = 400)
    private String key;

    /** SHA-256 of the request's meaning, to tell a retry from a different request reusing the key. */
    @Column(name = "request_hash", length = 64, nullable = false, updatable = false)
    private String requestHash;

    /** Written at claim; a retry that takes over a stale claim deletes the row and claims it afresh. */
    @Column(name = "claim_token", length = 36, nullable = false, updatable = false)
    private String claimToken;

    @Column(name = "mch_order_no", length = 30)
    private String mchOrderNo;

    /** Null while the first request is still in flight. */
    @Column(name = "response_status")
    private Integer responseStatus;

    @Column(name = "response_type", length = 64)
    private String responseType;

    @Column(name = "response_body", length = StoredText.UNBOUNDED)
    private String responseBody;

    @Column(name = "response_location", length = 500)
    private String responseLocation;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected IdempotencyKey() {
        // for JPA
    }

    public IdempotencyKey(String key, String requestHash, String claimToken, OffsetDateTime now) {
        this.key = key;
        this.requestHash = requestHash;
        this.claimToken = claimToken;
        this.createdAt = now.withOffsetSameInstant(ZoneOffset.UTC);
    }

    public boolean isInFlight() {
        return responseStatus == null;
    }

    public boolean isFor(String hash) {
        return requestHash.equals(hash);
    }

    public String getKey() {
        return key;
    }

    public String getClaimToken() {
        return claimToken;
    }

    public String getMchOrderNo() {
        return mchOrderNo;
    }

    public Integer getResponseStatus() {
        return responseStatus;
    }

    public String getResponseType() {
        return responseType;
    }

    public String getResponseBody() {
        return responseBody;
    }

    public String getResponseLocation() {
        return responseLocation;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }
}
