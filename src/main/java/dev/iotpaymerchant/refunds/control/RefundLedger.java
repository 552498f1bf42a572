package dev.iotpaymerchant.refunds.control;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.access.control.Actor;
import dev.iotpaymerchant.access.control.AuditLog;
import dev.iotpaymerchant.events.control.Outbox;
import dev.iotpaymerchant.events.entity.EventType;
import dev.iotpaymerchant.idempotency.control.IdempotencyKeys;
import dev.iotpaymerchant.idempotency.control.KeyClaim;
import dev.iotpaymerchant.iotpay.control.IotPaySettings;
import dev.iotpaymerchant.iotpay.control.RefundOutcome;
import dev.iotpaymerchant.orders.control.OrderSettings;
import dev.iotpaymerchant.orders.control.PaymentOrders;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.platform.values.LogSafe;
import dev.iotpaymerchant.platform.values.MinorUnits;
import dev.iotpaymerchant.platform.values.Money;
import dev.iotpaymerchant.refunds.entity.Refund;
import dev.iotpaymerchant.refunds.entity.RefundStatus;

/**
 * Stores refunds and moves them, always under the order's row lock, so the order's refund totals
 * (which the database caps at what was paid) and the refund change together. Each public method is
 * one short transaction; none waits on IOTPay. Refund events go through the outbox.
 */
@Stateless
public class RefundLedger {

    private static final Logger LOG = LogFields.logger(RefundLedger.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The most refunds of one order a list shows, as the console's timeline does. */
    public static final int MAX_LISTED = 500;

    @PersistenceContext
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    PaymentOrders orders;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    RefundSettings settings;

    @Inject
    OrderSettings orderSettings;

    @Inject
    IotPaySettings iotpay;

    @Inject
    IdempotencyKeys keys;

    /**
     * A stored refund and what refund_order needs of its order; refund_order is not started for it
     * at or after {@code sendBy} ({@link Refund#SEND_WINDOW}).
     */
    public record Registered(String refundNo, String mchOrderNo, String payOrderId, String channel, long amount,
                             String currency, OffsetDateTime sendBy) {
    }

    /**
     * Stores a new refund as UNKNOWN, reserving its amount on the order: 404 for no order, 409 for an
     * order that is not paid, 422 when it would refund more than was paid. Nothing reaches IOTPay then.
     */
    public Registered register(String mchOrderNo, long amount, String reason, Actor by, KeyClaim idempotencyKey) {
        PaymentOrder order = orders.locked(mchOrderNo).orElseThrow(() ->
                new RefundRefused(RefundRefused.Reason.NO_SUCH_ORDER, null, 0, null));
        switch (order.refunds().reserve(amount)) {
            case NOT_REFUNDABLE -> throw new RefundRefused(RefundRefused.Reason.NOT_REFUNDABLE, order.getStatus().name(),
                    0, order.getCurrency());
            case EXCEEDS -> throw new RefundRefused(RefundRefused.Reason.EXCEEDS_PAYMENT, order.getStatus().name(),
                    order.refunds().refundable(), order.getCurrency());
            case RESERVED -> {
                // go on
            }
        }
        OffsetDateTime now = now();
        Refund refund = new Refund(nextNumber(), mchOrderNo, new Money(amount, order.getCurrency()), reason,
                by.subject().orElse(null), now);
        refund.getSchedule().checkAt(now.plus(orderSettings.reconcileAfter()));
        em.persist(refund);
        audit.record(by, "refund.requested", mchOrderNo, refund.getRefundNo(), MinorUnits.format(amount, order.getCurrency())
                + (reason == null ? "" : ": " + reason));
        // From now on the key names this refund: it is never released, so a retry never refunds twice.
        // A request whose key a retry took over stores nothing (ClaimLost rolls this back) and sends nothing.
        keys.attach(idempotencyKey, refund.getRefundNo());
        return new Registered(refund.getRefundNo(), mchOrderNo, order.getPayOrderId(), order.getChannel().name(),
                amount, order.getCurrency(), refund.getCreatedAt().plus(Refund.SEND_WINDOW));
    }

    /**
     * Applies what IOTPay said about the refund; returns it as it is now. Only IOTPay's word settles
     * a refund: a refused or failed one is FAILED at once, one the refund query does not know only
     * after the settle watch ({@link Refund#unknownAtGateway}), and a success is recorded whenever
     * it is seen, also after FAILED. A success that takes the order's refunds beyond what was paid
     * is announced as refund.over_refunded and puts the order in the review queue.
     */
    public Refund apply(String refundNo, RefundOutcome outcome) {
        Refund refund = find(refundNo).orElseThrow();
        PaymentOrder order = orders.locked(refund.getMchOrderNo()).orElseThrow(); // the order's lock first, always
        em.refresh(refund, LockModeType.PESSIMISTIC_WRITE); // then the refund as it is now
        OffsetDateTime now = now();
        Duration watch = settings.refundSettleWatch();
        if (outcome instanceof RefundOutcome.Known known) {
            switch (known.state()) {
                case SUCCEEDED -> succeed(order, refund, known, now);
                case PROCESSING -> {
                    if (refund.getStatus() == RefundStatus.FAILED) {
                        refund.lateAnswer(true, known.refundOrderId(), now, watch);
                        LOG.warning(() -> "IOTPay reports refund " + refundNo + " of order " + order.getMchOrderNo()
                                + " under way, after it was FAILED for want of an answer; it is still asked about");
                    } else {
                        refund.processing(known.refundOrderId(), now);
                    }
                }
                case FAILED -> fail(order, refund, "IOTPay reports the refund failed", now);
            }
        } else if (outcome instanceof RefundOutcome.Rejected rejected) {
            fail(order, refund, "IOTPay refused the refund: " + describe(rejected), now);
        } else if (outcome instanceof RefundOutcome.NotFound) {
            notFound(order, refund, now, watch);
        } else {
            if (outcome instanceof RefundOutcome.QueryUnavailable unavailable) {
                LOG.severe(() -> "Refund " + refundNo + " of order " + order.getMchOrderNo() + " stays " + refund.getStatus()
                        + ": IOTPay cannot be asked about it (" + unavailable.reason() + "; check iotpay.refund-query-path)."
                        + " An operator must check IOTPay's portal; it is never sent again under a new number.");
            }
            refund.lateAnswer(false, null, now, watch);
        }
        em.flush();
        return refund;
    }

    /**
     * The refund query does not know the refund. One IOTPay never took stays UNKNOWN until the
     * settle watch is over and its refund_order cannot be under way, then fails; one IOTPay took
     * (PROCESSING) stays so, in the review queue, until the query has not known it for the settle
     * watch, then fails the same way. Either is still asked about for a late success.
     */
    private void notFound(PaymentOrder order, Refund refund, OffsetDateTime now, Duration watch) {
        RefundStatus before = refund.getStatus();
        Duration callDeadline = iotpay.connectTimeout().plus(iotpay.readTimeout());
        if (refund.unknownAtGateway(now, watch, callDeadline)) {
            order.refunds().failed(refund.getAmount());
            outbox.append(EventType.REFUND_FAILED, order.getMchOrderNo(), RefundView.of(refund));
            LOG.warning(() -> "Refund " + refund.getRefundNo() + " of order " + order.getMchOrderNo() + " is FAILED: IOTPay's"
                    + " refund query has not known it for " + watch.toHours() + " hours; its amount is free again. It is"
                    + " still asked about until " + refund.getWatchUntil() + ", and a success then is recorded.");
        } else if (before == RefundStatus.UNKNOWN) {
            LOG.info(() -> "IOTPay's refund query does not know refund " + refund.getRefundNo() + " (yet): it stays UNKNOWN,"
                    + " its amount reserved, and is asked again until " + refund.getCreatedAt().plus(watch));
        } else if (before == RefundStatus.PROCESSING) {
            LOG.warning(() -> "IOTPay's refund query does not know refund " + refund.getRefundNo() + ", which IOTPay took"
                    + (refund.getRefundOrderId() == null ? "" : " as " + refund.getRefundOrderId()) + ": it stays PROCESSING,"
                    + " its amount reserved, in the review queue, and is FAILED once the query has not known it for "
                    + watch.toHours() + " hours");
        }
    }

    private void succeed(PaymentOrder order, Refund refund, RefundOutcome.Known known, OffsetDateTime now) {
        boolean late = refund.getStatus() == RefundStatus.FAILED;
        if (!refund.succeeded(known.refundOrderId(), known.succeededAt(), now)) {
            return;
        }
        if (late) {
            order.refunds().lateSucceeded(refund.getAmount());
            LOG.warning(() -> "IOTPay reports refund " + refund.getRefundNo() + " of order " + order.getMchOrderNo()
                    + " succeeded after it had FAILED; it is SUCCEEDED and its amount counts as refunded again");
        } else {
            order.refunds().succeeded(refund.getAmount());
        }
        outbox.append(EventType.REFUND_SUCCEEDED, order.getMchOrderNo(), RefundView.of(refund));
        if (order.refunds().overRefunded() > 0) {
            outbox.append(EventType.REFUND_OVER_REFUNDED, order.getMchOrderNo(),
                    RefundView.overRefunded(refund, order.getAmount(), order.refunds().refunded()));
            LOG.severe(() -> "Order " + order.getMchOrderNo() + " is refunded beyond what was paid: refunds of "
                    + order.refunds().refunded() + " for a payment of " + order.getAmount() + " " + order.getCurrency()
                    + " (minor units), after refund " + refund.getRefundNo() + ". It waits in the review queue.");
        }
    }

    public Optional<Refund> find(String refundNo) {
        return em.createNamedQuery(Refund.BY_NUMBER, Refund.class).setParameter("number", refundNo)
                .getResultList().stream().findFirst();
    }

    /** The order's refunds, oldest first: the first {@value #MAX_LISTED} (the contract's maxItems). */
    public List<Refund> ofOrder(String mchOrderNo) {
        return em.createNamedQuery(Refund.OF_ORDER, Refund.class).setParameter("number", mchOrderNo)
                .setMaxResults(MAX_LISTED).getResultList();
    }

    static String describe(RefundOutcome.Rejected rejected) {
        String code = rejected.code() == null ? "" : LogSafe.text(rejected.code()) + " ";
        String message = rejected.message() == null || rejected.message().isBlank() ? "no reason given"
                : LogSafe.text(rejected.message());
        return code + message;
    }

    private void fail(PaymentOrder order, Refund refund, String why, OffsetDateTime now) {
        if (refund.failed(why, now)) {
            order.refunds().failed(refund.getAmount());
            outbox.append(EventType.REFUND_FAILED, order.getMchOrderNo(), RefundView.of(refund));
        }
    }

    /** "RF" and 120 random bits: 22 characters (IOTPay allows 30), useless to guess. */
    static String nextNumber() {
        byte[] random = new byte[15];
        RANDOM.nextBytes(random);
        return "RF" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
