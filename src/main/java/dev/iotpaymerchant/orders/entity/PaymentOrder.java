package dev.iotpaymerchant.orders.entity;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

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
import jakarta.persistence.Transient;
import jakarta.persistence.Version;

import dev.iotpaymerchant.events.entity.EventType;
import dev.iotpaymerchant.iotpay.control.PayChannel;

/**
 * One purchase, from the moment we ask IOTPay for it. The state machine lives here: every change
 * goes through a method that checks {@link OrderStatus#canMoveTo}, and the {@code version} column
 * turns each write into a compare-and-set in the database, so two nodes or two duplicate
 * notifications can never both apply a transition. Every transition that matters is remembered
 * in {@link #takeAnnouncements()}, so the caller can write its outbox event in the same transaction.
 */
@Entity
@Table(name = "payment_order", indexes = {
        @Index(name = "ix_payment_order_pay_order_id", columnList = "pay_order_id"),
        @Index(name = "ix_payment_order_due", columnList = "next_check_at, id"),
        @Index(name = "ix_payment_order_owner_created", columnList = "owner, created_at, id"),
        @Index(name = "ix_payment_order_created", columnList = "created_at, id")})
@NamedQuery(name = PaymentOrder.BY_NUMBER, query = "select o from PaymentOrder o where o.mchOrderNo = :number")
public class PaymentOrder {

    public static final String BY_NUMBER = "PaymentOrder.byNumber";

    @Id
    @SequenceGenerator(name = "payment_order_seq", sequenceName = "payment_order_seq", allocationSize = 500)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "payment_order_seq")
    private Long id;

    @Column(name = "mch_order_no", length = 30, nullable = false, unique = true, updatable = false)
    private String mchOrderNo;

    @Column(name = "pay_order_id", length = 64)
    private String payOrderId;

    @Column(name = "channel_order_no", length = 64)
    private String channelOrderNo;

    @Enumerated(EnumType.STRING)
    @Column(name = "channel", length = 24, nullable = false, updatable = false)
    private PayChannel channel;

    /** Minor units of {@link #currency}. */
    @Column(name = "amount", nullable = false, updatable = false)
    private long amount;

    @Column(name = "currency", length = 3, nullable = false, updatable = false)
    private String currency;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", length = 20, nullable = false)
    private OrderStatus status;

    @Column(name = "subject", length = 64, nullable = false, updatable = false)
    private String subject;

    @Column(name = "body", length = 255, nullable = false, updatable = false)
    private String body;

    @Column(name = "param1", length = 64, updatable = false)
    private String param1;

    @Column(name = "param2", length = 64, updatable = false)
    private String param2;

    @Column(name = "os_type", length = 10, updatable = false)
    private String osType;

    @Column(name = "client_ip", length = 45, nullable = false, updatable = false)
    private String clientIp;

    /** The token subject that created the order (null without authentication); never from the request body. */
    @Column(name = "owner", length = 255, updatable = false)
    private String owner;

    /** Why IOTPay refused or closed the order, for operators. */
    @Column(name = "status_reason", length = 255)
    private String statusReason;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    @Column(name = "paid_at")
    private OffsetDateTime paidAt;

    /**
     * When the sweep should next ask IOTPay about this order: set while it is unsettled, and while
     * a closed or failed order is watched for a late payment; null once nothing can change.
     */
    @Column(name = "next_check_at")
    private OffsetDateTime nextCheckAt;

    /** Until when a closed or failed order is still asked about, because the wallet may still pay it. */
    @Column(name = "watch_until")
    private OffsetDateTime watchUntil;

    /** What IOTPay reported for an order in NEEDS_REVIEW. */
    @Column(name = "reported_pay_order_id", length = 64)
    private String reportedPayOrderId;

    @Column(name = "reported_amount")
    private Long reportedAmount;

    @Column(name = "reported_currency", length = 16)
    private String reportedCurrency;

    /**
     * Minor units held by refunds that have not FAILED; never more than {@link #amount} plus
     * {@link #lateRefundedAmount} (a CHECK says so).
     */
    @Column(name = "refund_reserved", nullable = false)
    private long refundReserved;

    /** Minor units of SUCCEEDED refunds. */
    @Column(name = "refunded_amount", nullable = false)
    private long refundedAmount;

    /** Minor units of refunds that succeeded after they had been FAILED (part of {@link #refundedAmount}). */
    @Column(name = "late_refunded_amount", nullable = false)
    private long lateRefundedAmount;

    /** The refunded amount an operator has marked as dealt with, once refunds went beyond the payment. */
    @Column(name = "over_refund_resolved", nullable = false)
    private long overRefundResolved;

    @Column(name = "check_attempts", nullable = false)
    private int checkAttempts;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    /** Transitions made through this instance whose events are not written yet. */
    @Transient
    private List<EventType> announcements;

    protected PaymentOrder() {
        // for JPA
    }

    public PaymentOrder(String mchOrderNo, PayChannel channel, long amount, String currency, String subject,
                        String body, String param1, String param2, String osType, String clientIp,
                        OffsetDateTime now) {
        this(mchOrderNo, channel, amount, currency, subject, body, param1, param2, osType, clientIp, null, now);
    }

    public PaymentOrder(String mchOrderNo, PayChannel channel, long amount, String currency, String subject,
                        String body, String param1, String param2, String osType, String clientIp, String owner,
                        OffsetDateTime now) {
        if (amount <= 0) {
            throw new IllegalArgumentException("an order amount must be positive");
        }
        this.mchOrderNo = mchOrderNo;
        this.channel = channel;
        this.amount = amount;
        this.currency = currency;
        this.subject = subject;
        this.body = body;
        this.param1 = param1;
        this.param2 = param2;
        this.osType = osType;
        this.clientIp = clientIp;
        this.owner = owner;
        this.status = OrderStatus.UNKNOWN;
        this.createdAt = utc(now);
        this.updatedAt = this.createdAt;
        this.nextCheckAt = this.createdAt;
    }

    /** Sets when the reconciliation first looks at this order (a notification usually makes it unnecessary). */
    public void firstCheckAt(OffsetDateTime when) {
        nextCheckAt = utc(when);
    }

    /**
     * The reconciliation took this order for a check: it will not be taken again before
     * {@code next}, by this node or any other.
     */
    public void claimedForCheck(OffsetDateTime next) {
        checkAttempts++;
        nextCheckAt = utc(next);
    }

    /** True when this order was created at or before {@code cutoff}. */
    public boolean createdAtOrBefore(OffsetDateTime cutoff) {
        return !createdAt.isAfter(cutoff);
    }

    /** True for a closed or failed order that is still asked about in case the wallet pays it late. */
    public boolean isWatchedForLatePayment() {
        return watchUntil != null;
    }

    /** True when the late-payment watch has run its course at {@code now}. */
    public boolean watchIsOverAt(OffsetDateTime now) {
        return watchUntil != null && !now.isBefore(watchUntil);
    }

    /** Nothing IOTPay can say will change this order any more (or nobody will ask): stop asking. */
    public void stopChecking() {
        nextCheckAt = null;
        watchUntil = null;
    }

    /** IOTPay created the order: the wallet can now pay it. */
    public void accepted(String payOrderId, OffsetDateTime now) {
        rememberPayOrderId(payOrderId);
        if (status == OrderStatus.UNKNOWN) {
            moveTo(OrderStatus.PENDING, now);
        }
    }

    /**
     * IOTPay refused to create the order, or says it does not have it. With {@code watchUntil}, it
     * is still asked about until then: a slow create can land at IOTPay after our query.
     */
    public void failed(String reason, OffsetDateTime now, OffsetDateTime watchUntil) {
        if (status == OrderStatus.UNKNOWN) {
            statusReason = truncate(reason, 255);
            moveTo(OrderStatus.FAILED, now);
            watch(watchUntil);
        }
    }

    /**
     * The order is closed unpaid. IOTPay has no close API, so an order we close stays payable in
     * the wallet: with {@code watchUntil} it is still asked about until then.
     */
    public void closed(String reason, OffsetDateTime now, OffsetDateTime watchUntil) {
        if (status.canMoveTo(OrderStatus.CLOSED)) {
            statusReason = truncate(reason, 255);
            moveTo(OrderStatus.CLOSED, now);
            watch(watchUntil);
        }
    }

    /**
     * A verified payment for this order, matching its amount and currency. Never loses money: an
     * order we had closed or failed becomes PAID_AFTER_CLOSE rather than ignoring the payment.
     */
    public PaymentApplied paid(String payOrderId, String channelOrderNo, OffsetDateTime paidAt, OffsetDateTime now) {
        if (status.isPaid()) {
            return PaymentApplied.ALREADY_PAID;
        }
        if (status == OrderStatus.NEEDS_REVIEW) {
            return PaymentApplied.UNDER_REVIEW;
        }
        rememberPayOrderId(payOrderId);
        if (channelOrderNo != null && !channelOrderNo.isEmpty()) {
            this.channelOrderNo = truncate(channelOrderNo, 64);
        }
        this.paidAt = utc(paidAt == null ? now : paidAt);
        if (status.canMoveTo(OrderStatus.PAID)) {
            moveTo(OrderStatus.PAID, now);
            return PaymentApplied.PAID;
        }
        moveTo(OrderStatus.PAID_AFTER_CLOSE, now);
        return PaymentApplied.PAID_AFTER_CLOSE;
    }

    /**
     * IOTPay reported, correctly signed, a payment that does not match this order. Kept with what
     * IOTPay said, for a person to decide; true when the order moved to NEEDS_REVIEW now.
     */
    public boolean paymentNeedsReview(String payOrderId, long amount, String currency, String reason,
                                      OffsetDateTime now) {
        if (!status.canMoveTo(OrderStatus.NEEDS_REVIEW)) {
            return false;
        }
        reportedPayOrderId = truncate(payOrderId, 64);
        reportedAmount = amount;
        reportedCurrency = truncate(currency, 16);
        statusReason = truncate(reason, 255);
        moveTo(OrderStatus.NEEDS_REVIEW, now);
        return true;
    }

    /**
     * Sets aside {@code refund} for a new refund, if this order may be refunded that much: only a
     * paid order, and never more in all than it was paid. Call under the order's row lock.
     */
    public RefundReservation reserveRefund(long refund) {
        if (!status.isPaid()) {
            return RefundReservation.NOT_REFUNDABLE;
        }
        if (refund < 1 || refund > refundable()) {
            return RefundReservation.EXCEEDS;
        }
        refundReserved += refund;
        return RefundReservation.RESERVED;
    }

    /** A refund of {@code refund}, whose amount this order holds, went through. */
    public void refundSucceeded(long refund) {
        refundedAmount += refund;
    }

    /**
     * A refund of {@code refund} that had FAILED (its amount released) went through after all:
     * IOTPay gave the money back, so it is held and counted again, even beyond what was paid.
     */
    public void lateRefundSucceeded(long refund) {
        refundReserved += refund;
        lateRefundedAmount += refund;
        refundedAmount += refund;
    }

    /** A refund of {@code refund} failed: its reservation is free again. */
    public void refundFailed(long refund) {
        refundReserved -= refund;
    }

    /**
     * What is left to refund, in minor units: what was paid minus every refund that has not FAILED
     * (SUCCEEDED, and UNKNOWN or PROCESSING ones, whose amount stays reserved until they settle).
     * 0 for an order that is not paid, which cannot be refunded at all, and for one whose refunds
     * (late successes) hold more than was paid. The most a new refund may ask for.
     */
    public long refundable() {
        return status.isPaid() ? Math.max(0, amount - refundReserved) : 0;
    }

    /** Minor units refunded beyond what was paid (0 when refunds stayed within the payment). */
    public long overRefunded() {
        return Math.max(0, refundedAmount - amount);
    }

    /** True when refunds went beyond the payment and no operator has dealt with all of it yet. */
    public boolean awaitsOverRefundReview() {
        return overRefunded() > 0 && refundedAmount > overRefundResolved;
    }

    /** An operator dealt with what was refunded beyond the payment so far. False when nothing waited. */
    public boolean resolveOverRefund() {
        if (!awaitsOverRefundReview()) {
            return false;
        }
        overRefundResolved = refundedAmount;
        return true;
    }

    /** True when a payment of this amount and currency is exactly what this order asked for. */
    public boolean isPaymentOf(long paidAmount, String paidCurrency) {
        return amount == paidAmount && currency.equals(paidCurrency);
    }

    /** True when {@code reported} contradicts the payOrderId IOTPay gave this order before. */
    public boolean hasOtherPayOrderIdThan(String reported) {
        return payOrderId != null && reported != null && !payOrderId.equals(reported);
    }

    /** The events of the transitions made since the last call, oldest first; each is handed out once. */
    public List<EventType> takeAnnouncements() {
        List<EventType> taken = announcements == null ? List.of() : List.copyOf(announcements);
        announcements = null;
        return taken;
    }

    private void watch(OffsetDateTime until) {
        if (until == null) {
            stopChecking();
        } else {
            watchUntil = utc(until);
            if (nextCheckAt == null) {
                nextCheckAt = updatedAt;
            }
        }
    }

    private void moveTo(OrderStatus target, OffsetDateTime now) {
        if (!status.canMoveTo(target)) {
            throw new IllegalStateException("order " + mchOrderNo + " cannot move from " + status + " to " + target);
        }
        status = target;
        updatedAt = utc(now);
        if (target.isSettled()) {
            stopChecking();
        }
        target.announcement().ifPresent(event -> {
            if (announcements == null) {
                announcements = new ArrayList<>();
            }
            announcements.add(event);
        });
    }

    private void rememberPayOrderId(String id) {
        if (payOrderId == null && id != null && !id.isEmpty()) {
            payOrderId = truncate(id, 64);
        }
    }

    /** Cut to the column, with control characters (which PostgreSQL refuses, or which forge lines) as '?'. */
    private static String truncate(String text, int max) {
        if (text == null) {
            return null;
        }
        String cut = text.length() <= max ? text : text.substring(0, max);
        StringBuilder clean = new StringBuilder(cut.length());
        cut.chars().forEach(c -> clean.append(Character.isISOControl(c) ? '?' : (char) c));
        return clean.toString();
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC);
    }

    public Long getId() {
        return id;
    }

    public String getMchOrderNo() {
        return mchOrderNo;
    }

    public String getPayOrderId() {
        return payOrderId;
    }

    public String getChannelOrderNo() {
        return channelOrderNo;
    }

    public PayChannel getChannel() {
        return channel;
    }

    public long getAmount() {
        return amount;
    }

    public String getCurrency() {
        return currency;
    }

    public OrderStatus getStatus() {
        return status;
    }

    public String getSubject() {
        return subject;
    }

    public String getBody() {
        return body;
    }

    public String getParam1() {
        return param1;
    }

    public String getParam2() {
        return param2;
    }

    public String getOsType() {
        return osType;
    }

    public String getClientIp() {
        return clientIp;
    }

    public String getOwner() {
        return owner;
    }

    public String getStatusReason() {
        return statusReason;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    public OffsetDateTime getUpdatedAt() {
        return updatedAt;
    }

    public OffsetDateTime getPaidAt() {
        return paidAt;
    }

    public OffsetDateTime getNextCheckAt() {
        return nextCheckAt;
    }

    public int getCheckAttempts() {
        return checkAttempts;
    }

    public OffsetDateTime getWatchUntil() {
        return watchUntil;
    }

    public String getReportedPayOrderId() {
        return reportedPayOrderId;
    }

    public Long getReportedAmount() {
        return reportedAmount;
    }

    public String getReportedCurrency() {
        return reportedCurrency;
    }

    public long getRefundReserved() {
        return refundReserved;
    }

    public long getRefundedAmount() {
        return refundedAmount;
    }

    public long getLateRefundedAmount() {
        return lateRefundedAmount;
    }

    public long getVersion() {
        return version;
    }
}
