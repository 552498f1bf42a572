package dev.iotpaymerchant.notifications.control;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.iotpay.control.IotPaySettings;
import dev.iotpaymerchant.iotpay.control.IotPaySigner;
import dev.iotpaymerchant.notifications.entity.NotificationOutcome;
import dev.iotpaymerchant.notifications.entity.ReceivedNotification;
import dev.iotpaymerchant.orders.control.PaymentOrders;
import dev.iotpaymerchant.orders.entity.PaymentApplied;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.orders.entity.ReportedPayment;
import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.platform.values.LogSafe;
import dev.iotpaymerchant.platform.values.MinorUnits;

/**
 * Handles IOTPay's payment notifications: authenticate over all received parameters (with the
 * merchant key, or during a rotation the previous one), bind them
 * to our own order, apply the payment exactly once, and record what happened — all in one
 * transaction, which also writes the order's outbox event. The caller answers {@code success}
 * only after {@link #receive} has returned, i.e. after that transaction has committed; nothing is
 * delivered to observers or webhooks from here.
 */
@Stateless
public class PaymentNotifications {

    private static final Logger LOG = LogFields.logger(PaymentNotifications.class);
    private static final Set<String> PAID_STATUSES = Set.of("2", "3");

    @Inject
    IotPaySettings settings;

    @Inject
    PaymentOrders orders;

    @Inject
    RefusalLogBudget refusals;

    @Inject
    Clock clock;

    @PersistenceContext
    EntityManager em;

    public Verdict receive(Map<String, String> parameters, String remoteAddress) {
        IotPaySigner.SignedWith key = IotPaySigner.verify(parameters, settings.merchantKey(),
                settings.merchantKeyPrevious().orElse(null), Set.of());
        if (!key.verified()) {
            return record(parameters, Verdict.of(NotificationOutcome.BAD_SIGNATURE, parameters.containsKey(IotPaySigner.SIGN)
                    ? "the sign does not match the parameters" : "no sign"), remoteAddress);
        }
        Verdict verdict = judgeAndApply(parameters);
        if (key == IotPaySigner.SignedWith.PREVIOUS) {
            // INFO: only while a rotation is under way, and it says the old key is still in use
            LOG.info(() -> "The notification for order " + LogSafe.text(parameters.get("mchOrderNo"))
                    + " is signed with the previous merchant key (" + IotPaySettings.MERCHANT_KEY_PREVIOUS.key() + ")");
            verdict = verdict.signedWithPreviousKey();
        }
        return record(parameters, verdict, remoteAddress);
    }

    /** Records a notification that could not even be read as parameters. */
    public Verdict malformed(String reason, String remoteAddress) {
        return record(Map.of(), Verdict.of(NotificationOutcome.MALFORMED, reason), remoteAddress);
    }

    /**
     * Every notification that changed an order (or put it in review) is written; refused and duplicate
     * ones only while this minute's budget lasts, and its sender's share of it, so neither forged nor replayed
     * ones can fill the log, nor one sender's leave no room for another's.
     */
    private Verdict record(Map<String, String> parameters, Verdict verdict, String remoteAddress) {
        if (verdict.budgeted() && !refusals.take(remoteAddress)) {
            return verdict.unrecorded();
        }
        em.persist(new ReceivedNotification(parameters, verdict.outcome(), verdict.reason(), remoteAddress,
                OffsetDateTime.now(clock)));
        log(parameters, verdict);
        return verdict;
    }

    /** A notification whose signature verified: is it a payment of ours, and what does it change? */
    private Verdict judgeAndApply(Map<String, String> p) {
        if (!settings.merchantId().equals(p.get("mchId"))) {
            return mismatch("mchId is not ours");
        }
        if (!PAID_STATUSES.contains(p.get("status"))) {
            return mismatch("status " + LogSafe.text(p.get("status")) + " is not a payment");
        }
        String backType = p.get("backType");
        if (backType != null && !"2".equals(backType)) {
            return mismatch("backType " + LogSafe.text(backType) + " is a browser return, not a server notification");
        }
        Optional<Long> amount = wholeNumber(p.get("amount"));
        if (amount.isEmpty()) {
            return mismatch("amount is not a whole number of minor units");
        }
        Optional<PaymentOrder> found = orders.lockedFirst(p.get("mchOrderNo")); // the transaction's first read
        if (found.isEmpty()) {
            return Verdict.of(NotificationOutcome.UNKNOWN_ORDER, "no order " + LogSafe.text(p.get("mchOrderNo")));
        }
        PaymentOrder order = found.get();
        ReportedPayment reported = new ReportedPayment(p.get("payOrderId"), amount.get(), p.get("currency"));
        if (!order.match(reported).matches()) {
            return needsReview(order, reported);
        }
        PaymentApplied applied = orders.paid(order, reported.payOrderId(), p.get("channelOrderNo"),
                paidAt(p.get("paySuccTime")));
        return switch (applied) {
            case PAID -> Verdict.of(NotificationOutcome.APPLIED, null);
            case PAID_AFTER_CLOSE -> Verdict.of(NotificationOutcome.PAID_AFTER_CLOSE,
                    "paid after the order was closed: refund or fulfil it");
            case ALREADY_PAID -> Verdict.replayed(NotificationOutcome.DUPLICATE, null);
            case UNDER_REVIEW -> Verdict.replayed(NotificationOutcome.NEEDS_REVIEW, "the order is already waiting for review");
        };
    }

    /**
     * A signed payment that contradicts the order. Unless the order is paid already, it moves to
     * NEEDS_REVIEW and the notification is acknowledged: it is recorded, and retrying cannot help.
     * A paid order never changes, so a contradicting report for one stays a refused mismatch.
     */
    private Verdict needsReview(PaymentOrder order, ReportedPayment reported) {
        String reason = "paid " + MinorUnits.format(reported.amount(), LogSafe.text(reported.currency()))
                + " (payOrderId " + LogSafe.text(reported.payOrderId())
                + ") but the order is for " + MinorUnits.format(order.getAmount(), order.getCurrency())
                + (order.getPayOrderId() == null ? "" : " (payOrderId " + order.getPayOrderId() + ")");
        if (order.getStatus().isPaid()) {
            return mismatch(reason + "; the order is " + order.getStatus() + " already");
        }
        if (orders.needsReview(order, reported, reason)) {
            LOG.severe(() -> "Order " + order.getMchOrderNo() + " NEEDS REVIEW: " + reason);
            return Verdict.of(NotificationOutcome.NEEDS_REVIEW, reason);
        }
        return Verdict.replayed(NotificationOutcome.NEEDS_REVIEW, reason); // already in review: nothing changed
    }

    private static Verdict mismatch(String reason) {
        return Verdict.of(NotificationOutcome.MISMATCH, reason);
    }

    private static Optional<Long> wholeNumber(String text) {
        if (text == null || !text.matches("[0-9]{1,15}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }

    private static OffsetDateTime paidAt(String epochMillis) {
        if (epochMillis == null || !epochMillis.matches("[0-9]{1,15}")) {
            return null;
        }
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(Long.parseLong(epochMillis)), ZoneOffset.UTC);
    }

    /** Payments at FINE (they are counted in metrics); everything unusual at WARNING. */
    private static void log(Map<String, String> p, Verdict verdict) {
        String order = LogSafe.text(p.get("mchOrderNo"));
        String why = verdict.reason() == null ? "" : " (" + verdict.reason() + ")";
        switch (verdict.outcome()) {
            case APPLIED, DUPLICATE -> LOG.fine(() -> "IOTPay notification for " + order + ": " + verdict.outcome());
            case PAID_AFTER_CLOSE -> LOG.warning(() -> "Order " + order + " was PAID AFTER CLOSE" + why);
            case NEEDS_REVIEW -> LOG.warning(() -> "Notification for order " + order + " needs review" + why);
            default -> LOG.log(Level.WARNING, () -> "Refused notification for order '" + order + "': "
                    + verdict.outcome() + why);
        }
    }
}
