package dev.iotpaymerchant.orders.entity;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
import jakarta.persistence.Transient;
import jakarta.persistence.Version;

import dev.iotpaymerchant.events.entity.EventType;
import dev.iotpaymerchant.iotpay.control.PayChannel;
import dev.iotpaymerchant.platform.values.Money;
import dev.iotpaymerchant.platform.values.StoredText;
import dev.iotpaymerchant.platform.work.CheckSchedule;

/**
 * One purchase, from the moment we ask IOTPay for it. The state machine lives here: every change goes
 * through a method that checks {@link OrderStatus#canMoveTo}, and the {@code version} column makes each
 * write a compare-and-set, so two nodes or duplicate notifications never both apply a transition. Each
 * transition that matters is kept in {@link #takeAnnouncements()} for the caller's outbox event in the
 * same transaction. The app's request, IOTPay's view, the sweep's schedule, a contradicting report and
 * the refunds are values of their own ({@link Embedded}) in this row.
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

    @Embedded
    private GatewayOrder gateway;

    @Embedded // the amount and currency columns
    private Money amount;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", length = 20, nullable = false)
    private OrderStatus status;

    @Embedded
    private OrderDetails details;

    /** The token subject that created the order (null without authentication); never from the request body. */
    @Column(name = "owner", length = 255, updatable = false)
    private String owner;

    /** Why IOTPay refused or closed the order, or why it needs review, for operators. */
    @Column(name = "status_reason", length = 255)
    private String statusReason;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    @Column(name = "paid_at")
    private OffsetDateTime paidAt;

    @Embedded // checked while unsettled, watched when closed or failed: the wallet may still pay it
    private CheckSchedule schedule;

    @Embedded // what IOTPay reported for an order in NEEDS_REVIEW; null otherwise
    private ReportedPayment reported;

    @Embedded
    private RefundTotals refunds = new RefundTotals();

    @Embedded
    private CheckoutAttempt attempt = new CheckoutAttempt();

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    @Transient // transitions made through this instance whose events are not written yet
    private List<EventType> announcements;

    protected PaymentOrder() {
        // for JPA
    }

    public PaymentOrder(String mchOrderNo, PayChannel channel, Money amount, OrderDetails details, String owner,
                        OffsetDateTime now) {
        if (amount.minorUnits() <= 0) {
            throw new IllegalArgumentException("an order amount must be positive");
        }
        this.mchOrderNo = mchOrderNo;
        this.gateway = new GatewayOrder(channel);
        this.amount = amount;
        this.details = details;
        this.owner = owner;
        this.status = OrderStatus.UNKNOWN;
        this.createdAt = utc(now);
        this.updatedAt = this.createdAt;
        this.schedule = CheckSchedule.firstAt(this.createdAt);
    }

    /** IOTPay created the order: the wallet can now pay it, once the payer does {@code nextAction} (JSON). */
    public void accepted(String payOrderId, String nextAction, OffsetDateTime now) {
        gateway.accepted(payOrderId, nextAction);
        if (status == OrderStatus.UNKNOWN) {
            moveTo(OrderStatus.PENDING, now);
        }
    }

    /** Makes this order an attempt to pay checkout {@code checkoutId} (before it is stored). */
    public void pays(String checkoutId) {
        this.attempt = CheckoutAttempt.of(checkoutId);
    }

    /** When an unpaid order is closed: {@code expireAfter} after it was made, or sooner if its checkout closed. */
    public OffsetDateTime expiresAt(Duration expireAfter) {
        return getAttempt().closesAt(createdAt.plus(expireAfter));
    }

    /** IOTPay refused or does not have it; watched until {@code watchUntil}, as a slow create may land late. */
    public void failed(String reason, OffsetDateTime now, OffsetDateTime watchUntil) {
        if (status == OrderStatus.UNKNOWN) {
            statusReason = StoredText.of(reason, 255);
            moveTo(OrderStatus.FAILED, now);
            schedule.watch(watchUntil, updatedAt);
        }
    }

    /** Closed unpaid. IOTPay cannot close it, so it stays payable: watched until {@code watchUntil}. */
    public void closed(String reason, OffsetDateTime now, OffsetDateTime watchUntil) {
        if (status.canMoveTo(OrderStatus.CLOSED)) {
            statusReason = StoredText.of(reason, 255);
            moveTo(OrderStatus.CLOSED, now);
            schedule.watch(watchUntil, updatedAt);
        }
    }

    /** The one rule for a reported payment: exactly our amount and currency, and no other payOrderId than ours. */
    public PaymentMatch match(ReportedPayment payment) {
        if (!amount.is(payment.amount(), payment.currency())) {
            return PaymentMatch.OTHER_AMOUNT;
        }
        if (gateway.contradictedBy(payment.payOrderId())) {
            return PaymentMatch.OTHER_PAY_ORDER_ID;
        }
        return PaymentMatch.MATCHES;
    }

    /** A verified payment that {@link #match}es: a closed or failed order is PAID_AFTER_CLOSE unless it is {@code stillWanted}. */
    public PaymentApplied paid(String payOrderId, String channelOrderNo, OffsetDateTime paidAt, OffsetDateTime now, boolean stillWanted) {
        if (status.isPaid()) {
            return PaymentApplied.ALREADY_PAID;
        }
        if (status == OrderStatus.NEEDS_REVIEW) {
            return PaymentApplied.UNDER_REVIEW;
        }
        gateway.paid(payOrderId, channelOrderNo);
        this.paidAt = utc(paidAt == null ? now : paidAt);
        OrderStatus target = status.whenPaid(stillWanted);
        moveTo(target, now);
        return target == OrderStatus.PAID ? PaymentApplied.PAID : PaymentApplied.PAID_AFTER_CLOSE;
    }

    /** A signed payment that does not {@link #match}: kept for a person; true when it moved to NEEDS_REVIEW now. */
    public boolean paymentNeedsReview(ReportedPayment payment, String reason, OffsetDateTime now) {
        if (!status.canMoveTo(OrderStatus.NEEDS_REVIEW)) {
            return false;
        }
        reported = payment.stored();
        statusReason = StoredText.of(reason, 255);
        moveTo(OrderStatus.NEEDS_REVIEW, now);
        return true;
    }

    /** This order's refunds, weighed against what it was paid (nothing unless it is paid). Under the row lock. */
    public OrderRefunds refunds() {
        return new OrderRefunds(refunds, status.isPaid() ? amount.minorUnits() : 0);
    }

    /** The events of the transitions made since the last call, oldest first; each is handed out once. */
    public List<EventType> takeAnnouncements() {
        List<EventType> taken = announcements == null ? List.of() : List.copyOf(announcements);
        announcements = null;
        return taken;
    }

    private void moveTo(OrderStatus target, OffsetDateTime now) {
        if (!status.canMoveTo(target)) {
            throw new IllegalStateException("order " + mchOrderNo + " cannot move from " + status + " to " + target);
        }
        status = target;
        updatedAt = utc(now);
        if (target.isSettled()) {
            schedule.end(); // nothing IOTPay can say changes it any more
        }
        target.announcement().ifPresent(event -> {
            announcements = announcements == null ? new ArrayList<>() : announcements;
            announcements.add(event);
        });
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
        return gateway.payOrderId();
    }

    public PayChannel getChannel() {
        return gateway.channel();
    }

    public GatewayOrder getGateway() {
        return gateway;
    }

    /** Minor units of {@link #getCurrency()}. */
    public long getAmount() {
        return amount.minorUnits();
    }

    public String getCurrency() {
        return amount.currency();
    }

    public OrderStatus getStatus() {
        return status;
    }

    public CheckoutAttempt getAttempt() {
        attempt = attempt == null ? new CheckoutAttempt() : attempt; // JPA leaves an all-null embeddable null
        return attempt;
    }

    public OrderDetails getDetails() {
        return details;
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

    public OffsetDateTime getPaidAt() {
        return paidAt;
    }

    public CheckSchedule getSchedule() {
        return schedule;
    }

    /** What IOTPay reported for an order in NEEDS_REVIEW. */
    public Optional<ReportedPayment> getReported() {
        return Optional.ofNullable(reported);
    }
}
