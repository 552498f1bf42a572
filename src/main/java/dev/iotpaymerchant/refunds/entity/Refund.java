package dev.iotpaymerchant.refunds.entity;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * Money given back for an order, stored (UNKNOWN) before IOTPay hears of it, under our own
 * {@code refundNo} (IOTPay's {@code mchRefundNo}), which is never re-sent under another number.
 * Moves forward only: UNKNOWN → PROCESSING → SUCCEEDED or FAILED.
 */
@Entity
@Table(name = "refund", indexes = {
        @Index(name = "ix_refund_order", columnList = "mch_order_no, id"),
        @Index(name = "ix_refund_due", columnList = "next_check_at, id")})
@NamedQuery(name = Refund.OF_ORDER, query = "select r from Refund r where r.mchOrderNo = :number order by r.id")
@NamedQuery(name = Refund.BY_NUMBER, query = "select r from Refund r where r.refundNo = :number")
public class Refund {

    public static final String OF_ORDER = "Refund.ofOrder";
    public static final String BY_NUMBER = "Refund.byNumber";

    @Id
    @SequenceGenerator(name = "refund_seq", sequenceName = "refund_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "refund_seq")
    private Long id;

    @Column(name = "refund_no", length = 30, nullable = false, unique = true, updatable = false)
    private String refundNo;

    @Column(name = "mch_order_no", length = 30, nullable = false, updatable = false)
    private String mchOrderNo;

    /** Minor units of {@link #currency}. */
    @Column(name = "amount", nullable = false, updatable = false)
    private long amount;

    @Column(name = "currency", length = 3, nullable = false, updatable = false)
    private String currency;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", length = 12, nullable = false)
    private RefundStatus status;

    @Column(name = "reason", length = 64, updatable = false)
    private String reason;

    @Column(name = "refund_order_id", length = 64)
    private String refundOrderId;

    @Column(name = "status_reason", length = 255)
    private String statusReason;

    /** Who asked for it: the operator's token subject, when there is one. */
    @Column(name = "created_by", length = 255, updatable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    @Column(name = "succeeded_at")
    private OffsetDateTime succeededAt;

    /** When the sweep next asks IOTPay about it; null once settled. */
    @Column(name = "next_check_at")
    private OffsetDateTime nextCheckAt;

    @Column(name = "check_attempts", nullable = false)
    private int checkAttempts;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected Refund() {
        // for JPA
    }

    public Refund(String refundNo, String mchOrderNo, long amount, String currency, String reason, String createdBy,
                  OffsetDateTime now, OffsetDateTime firstCheck) {
        if (amount < 1) {
            throw new IllegalArgumentException("a refund amount must be positive");
        }
        this.refundNo = refundNo;
        this.mchOrderNo = mchOrderNo;
        this.amount = amount;
        this.currency = currency;
        this.reason = reason;
        this.createdBy = createdBy;
        this.status = RefundStatus.UNKNOWN;
        this.createdAt = utc(now);
        this.updatedAt = createdAt;
        this.nextCheckAt = utc(firstCheck);
    }

    /** IOTPay took it and is still carrying it out. */
    public boolean processing(String refundOrderId, OffsetDateTime now) {
        remember(refundOrderId);
        return moveTo(RefundStatus.PROCESSING, now);
    }

    /** True when it became SUCCEEDED now (not before). */
    public boolean succeeded(String refundOrderId, OffsetDateTime at, OffsetDateTime now) {
        remember(refundOrderId);
        if (!moveTo(RefundStatus.SUCCEEDED, now)) {
            return false;
        }
        succeededAt = utc(at == null ? now : at);
        return true;
    }

    /** True when it became FAILED now (not before). */
    public boolean failed(String why, OffsetDateTime now) {
        if (!moveTo(RefundStatus.FAILED, now)) {
            return false;
        }
        statusReason = why == null || why.length() <= 255 ? why : why.substring(0, 255);
        return true;
    }

    /** The sweep took it for a question to IOTPay; it is not taken again before {@code next}. */
    public void claimedForCheck(OffsetDateTime next) {
        checkAttempts++;
        nextCheckAt = utc(next);
    }

    private boolean moveTo(RefundStatus target, OffsetDateTime now) {
        if (status == target || status.isSettled()) {
            return false;
        }
        status = target;
        updatedAt = utc(now);
        if (target.isSettled()) {
            nextCheckAt = null;
        }
        return true;
    }

    private void remember(String id) {
        if (refundOrderId == null && id != null && !id.isEmpty()) {
            refundOrderId = id.length() <= 64 ? id : id.substring(0, 64);
        }
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC);
    }

    public Long getId() {
        return id;
    }

    public String getRefundNo() {
        return refundNo;
    }

    public String getMchOrderNo() {
        return mchOrderNo;
    }

    public long getAmount() {
        return amount;
    }

    public String getCurrency() {
        return currency;
    }

    public RefundStatus getStatus() {
        return status;
    }

    public String getReason() {
        return reason;
    }

    public String getRefundOrderId() {
        return refundOrderId;
    }

    public String getStatusReason() {
        return statusReason;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    public OffsetDateTime getSucceededAt() {
        return succeededAt;
    }

    public OffsetDateTime getNextCheckAt() {
        return nextCheckAt;
    }

    public int getCheckAttempts() {
        return checkAttempts;
    }
}
