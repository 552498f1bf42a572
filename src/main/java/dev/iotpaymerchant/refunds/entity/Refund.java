package dev.iotpaymerchant.refunds.entity;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
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

import dev.iotpaymerchant.platform.values.Money;
import dev.iotpaymerchant.platform.values.StoredText;
import dev.iotpaymerchant.platform.work.CheckSchedule;

/**
 * Money given back for an order, stored (UNKNOWN) before IOTPay hears of it, under our own
 * {@code refundNo} (IOTPay's {@code mchRefundNo}), which is never re-sent under another number.
 * Moves UNKNOWN → PROCESSING → SUCCEEDED or FAILED, and FAILED → SUCCEEDED when IOTPay reports a
 * success after all: money IOTPay gave back is always recorded. SUCCEEDED is final.
 *
 * <p>A refund IOTPay's refund query does not know (UNKNOWN, or PROCESSING that it no longer knows)
 * is FAILED only by {@link #unknownAtGateway}: after the settle watch, when its refund_order can no
 * longer be under way. Such a refund is still asked about until {@link #getWatchUntil()}.
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

    /**
     * How long after a refund is stored its refund_order call may still start. It is never started later, so no
     * answer to it can arrive after {@code createdAt + SEND_WINDOW} plus the call's total deadline (connect and read timeout).
     */
    public static final Duration SEND_WINDOW = Duration.ofMinutes(1);

    @Id
    @SequenceGenerator(name = "refund_seq", sequenceName = "refund_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "refund_seq")
    private Long id;

    @Column(name = "refund_no", length = 30, nullable = false, unique = true, updatable = false)
    private String refundNo;

    @Column(name = "mch_order_no", length = 30, nullable = false, updatable = false)
    private String mchOrderNo;

    /** In the currency of its order (the amount and currency columns). */
    @Embedded
    private Money amount;

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

    /** When IOTPay's refund query first did not know it, while unsettled; null while it knows it. */
    @Column(name = "unknown_since")
    private OffsetDateTime unknownSince;

    /** When the sweep next asks about it (none once settled; a FAILED one until its watch ends, kept on record). */
    @Embedded
    private CheckSchedule schedule;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected Refund() {
        // for JPA
    }

    /** A new refund, first asked about at once unless the caller schedules it ({@link CheckSchedule#checkAt}). */
    public Refund(String refundNo, String mchOrderNo, Money amount, String reason, String createdBy, OffsetDateTime now) {
        if (amount.minorUnits() < 1) {
            throw new IllegalArgumentException("a refund amount must be positive");
        }
        this.refundNo = refundNo;
        this.mchOrderNo = mchOrderNo;
        this.amount = amount;
        this.reason = reason;
        this.createdBy = createdBy;
        this.status = RefundStatus.UNKNOWN;
        this.createdAt = utc(now);
        this.updatedAt = createdAt;
        this.schedule = CheckSchedule.firstAt(createdAt);
    }

    /** IOTPay took it and is still carrying it out: it knows it. True when it became PROCESSING now. */
    public boolean processing(String refundOrderId, OffsetDateTime now) {
        remember(refundOrderId);
        unknownSince = null;
        if (status != RefundStatus.UNKNOWN) {
            return false;
        }
        moveTo(RefundStatus.PROCESSING, now);
        return true;
    }

    /**
     * True when it became SUCCEEDED now (not before), also from FAILED: IOTPay gave the money
     * back, whatever we had concluded. Check {@link #getStatus()} first to tell a late success.
     */
    public boolean succeeded(String refundOrderId, OffsetDateTime at, OffsetDateTime now) {
        remember(refundOrderId);
        if (status == RefundStatus.SUCCEEDED) {
            return false;
        }
        moveTo(RefundStatus.SUCCEEDED, now);
        succeededAt = utc(at == null ? now : at);
        schedule.stop();
        return true;
    }

    /**
     * IOTPay's word: it refused or failed the refund. True when it became FAILED now (not before).
     * A FAILED refund still watched for a late success is no longer asked about.
     */
    public boolean failed(String why, OffsetDateTime now) {
        if (status == RefundStatus.FAILED) {
            schedule.stop();
            return false;
        }
        if (status == RefundStatus.SUCCEEDED) {
            return false;
        }
        moveTo(RefundStatus.FAILED, now);
        statusReason = StoredText.of(why, 255); // IOTPay's words: no NUL for PostgreSQL, no half character
        schedule.stop();
        return true;
    }

    /**
     * IOTPay's refund query does not know this refund. An unsettled one stays as it is, its amount reserved, until
     * {@link #mayBeFailed}; then it is FAILED (true) and watched for another {@code settleWatch}, to its end.
     */
    public boolean unknownAtGateway(OffsetDateTime now, Duration settleWatch, Duration callDeadline) {
        if (status == RefundStatus.FAILED) {
            endWatchIfOver(now);
            return false;
        }
        unknownSince = unknownSince == null ? utc(now) : unknownSince;
        if (status == RefundStatus.SUCCEEDED || !mayBeFailed(now, settleWatch, callDeadline)) {
            return false;
        }
        statusReason = "IOTPay has no such refund: unknown to its refund query for " + settleWatch.toHours() + " hours "
                + (status == RefundStatus.PROCESSING ? "after it had taken it" : "after it was sent");
        moveTo(RefundStatus.FAILED, now);
        schedule.watch(now.plus(settleWatch), now);
        return true;
    }

    /**
     * True when a refund IOTPay does not know may be FAILED: {@code settleWatch} after it was stored (UNKNOWN:
     * never known) or after the query stopped knowing it (PROCESSING: IOTPay had taken it), and no answer to its
     * refund_order can still come ({@code callDeadline}: the longest a call lasts, after the last moment it may start).
     */
    public boolean mayBeFailed(OffsetDateTime now, Duration settleWatch, Duration callDeadline) {
        OffsetDateTime unknownFrom = status == RefundStatus.PROCESSING ? unknownSince : createdAt;
        return unknownFrom != null && !now.isBefore(unknownFrom.plus(settleWatch)) && !now.isBefore(createdAt.plus(SEND_WINDOW).plus(callDeadline));
    }

    /**
     * A FAILED refund still watched got an answer that is no success. IOTPay saying it is under way
     * keeps it watched for another {@code settleWatch}; anything else ends the watch once it is over.
     */
    public void lateAnswer(boolean underWay, String refundOrderId, OffsetDateTime now, Duration settleWatch) {
        if (status != RefundStatus.FAILED || !schedule.isWatching() || !schedule.isScheduled()) {
            return;
        }
        remember(refundOrderId);
        if (underWay) {
            schedule.extendWatch(now.plus(settleWatch));
        } else {
            endWatchIfOver(now);
        }
    }

    /** True while a FAILED refund is still asked about in case IOTPay reports a late success. */
    public boolean isWatched() {
        return status == RefundStatus.FAILED && schedule.isScheduled();
    }

    private void endWatchIfOver(OffsetDateTime now) {
        if (schedule.watchIsOverAt(now)) {
            schedule.stop();
        }
    }

    private void moveTo(RefundStatus target, OffsetDateTime now) {
        status = target;
        updatedAt = utc(now);
    }

    private void remember(String id) {
        if (refundOrderId == null && id != null && !id.isEmpty()) {
            refundOrderId = StoredText.of(id, 64);
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

    /** Minor units of {@link #getCurrency()}. */
    public long getAmount() {
        return amount.minorUnits();
    }

    public String getCurrency() {
        return amount.currency();
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

    public CheckSchedule getSchedule() {
        return schedule;
    }

    /** Until when a refund FAILED for want of an answer is (or was) asked about; null for others. */
    public OffsetDateTime getWatchUntil() {
        return schedule.watchUntil();
    }
}
