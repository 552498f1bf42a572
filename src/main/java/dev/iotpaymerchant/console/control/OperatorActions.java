package dev.iotpaymerchant.console.control;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.access.control.AuditLog;
import dev.iotpaymerchant.access.control.Caller;
import dev.iotpaymerchant.access.entity.AuditEntry;
import dev.iotpaymerchant.checkouts.control.CheckoutView;
import dev.iotpaymerchant.checkouts.control.Checkouts;
import dev.iotpaymerchant.checkouts.entity.Checkout;
import dev.iotpaymerchant.console.entity.ReviewResolution;
import dev.iotpaymerchant.fulfilment.control.Redeliveries;
import dev.iotpaymerchant.orders.control.PaymentOrders;
import dev.iotpaymerchant.orders.entity.OrderStatus;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.http.Jsons;

/**
 * What an operator can do from the review queue besides refunding (which goes through the refunds
 * API): resolve an order or an overpaid checkout with a note, send an event's webhook again, and
 * deliver a FAILED event to the application's CDI observers again. Each action and its audit entry
 * commit together; resolving twice does not resolve twice, and a redelivery's Idempotency-Key is
 * kept by the idempotency component at the boundary.
 */
@Stateless
public class OperatorActions {

    public static final String RESOLVED = "review.resolved";
    public static final String REDELIVERED = "webhook.redelivered";
    public static final String OBSERVERS_REDELIVERED = "observers.redelivered";
    /** The review item of an order refunded beyond what was paid (and the audit target of its resolution). */
    public static final String OVER_REFUNDED = "OVER_REFUNDED";
    /** The review item of a checkout paid more than once, or paid after it closed. */
    public static final String OVERPAID = "OVERPAID";

    @PersistenceContext
    EntityManager em;

    @Inject
    PaymentOrders orders;

    @Inject
    AuditLog audit;

    @Inject
    Redeliveries redeliveries;

    @Inject
    Checkouts checkouts;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    /** What an action did: its answer, and whether this request did it (false: it had been done before). */
    public record Done(JsonObject answer, boolean acted) {
    }

    /**
     * Takes an order off the review queue with the operator's note: its NEEDS_REVIEW or
     * PAID_AFTER_CLOSE item and its over-refund (refunds beyond the payment), whichever wait.
     * Resolving it again, with nothing waiting, answers the last resolution and changes nothing.
     */
    public Done resolve(String mchOrderNo, String note) {
        PaymentOrder order = orders.locked(mchOrderNo).orElseThrow(() ->
                new ActionRefused(ActionRefused.Reason.NO_SUCH_ORDER, mchOrderNo, null));
        ReviewResolution earlier = em.find(ReviewResolution.class, mchOrderNo);
        boolean inReview = order.getStatus() == OrderStatus.NEEDS_REVIEW || order.getStatus() == OrderStatus.PAID_AFTER_CLOSE;
        boolean statusWaits = inReview && earlier == null;
        if (!statusWaits && !order.refunds().awaitReview()) {
            Optional<AuditEntry> overRefund = lastOverRefundResolution(mchOrderNo);
            if (overRefund.isPresent() && (earlier == null || overRefund.get().getRecordedAt().isAfter(earlier.getResolvedAt()))) {
                return new Done(overRefundResolution(overRefund.get()), false);
            }
            if (earlier != null) {
                return new Done(ReviewQueue.json(earlier), false);
            }
            throw new ActionRefused(ActionRefused.Reason.NOT_IN_REVIEW, mchOrderNo, order.getStatus().name());
        }
        JsonObject answer = null;
        if (order.refunds().resolve()) {
            answer = overRefundResolution(audit.record(RESOLVED, mchOrderNo, OVER_REFUNDED, note));
        }
        if (statusWaits) {
            ReviewResolution resolution = new ReviewResolution(mchOrderNo, order.getStatus().name(), caller.actor(),
                    OffsetDateTime.now(clock), note);
            em.persist(resolution);
            audit.record(RESOLVED, mchOrderNo, null, order.getStatus() + ": " + note);
            answer = ReviewQueue.json(resolution);
        }
        return new Done(answer, true);
    }

    /**
     * Takes an overpaid checkout off the review queue with the operator's note: its extra payments
     * were dealt with (refunded by the system with checkouts.refund-duplicates, or by hand). Each
     * extra payment's order gets the audit entry, so its timeline says so. Nothing waiting is
     * refused; an extra payment that comes later waits again.
     */
    public Done resolveCheckout(String checkoutId, String note) {
        if (!checkouts.resolveOverpaid(checkoutId)) {
            Checkout checkout = checkouts.find(checkoutId).orElseThrow(() ->
                    ActionRefused.onCheckout(ActionRefused.Reason.NO_SUCH_CHECKOUT, checkoutId, null));
            throw ActionRefused.onCheckout(ActionRefused.Reason.NOT_OVERPAID, checkoutId, checkout.getStatus().name());
        }
        Checkout checkout = checkouts.find(checkoutId).orElseThrow();
        JsonArray extra = CheckoutView.of(checkout, checkouts.attempts(checkoutId)).getJsonArray("extraPayments");
        List<String> onOrders = new ArrayList<>(extra.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());
        if (onOrders.isEmpty()) {
            onOrders.add(null); // no paid attempt listed: the entry names the checkout alone
        }
        AuditEntry entry = null;
        for (String mchOrderNo : onOrders) {
            entry = audit.record(RESOLVED, mchOrderNo, checkoutId, OVERPAID + ": " + note);
        }
        return new Done(Jsons.object().add("checkoutId", checkoutId).add("status", OVERPAID).add("extraPayments", extra)
                .add("resolvedBy", entry.getActor()).add("resolvedAt", ReviewQueue.utc(entry.getRecordedAt()))
                .add("note", note).build(), true);
    }

    private Optional<AuditEntry> lastOverRefundResolution(String mchOrderNo) {
        return audit.of(mchOrderNo).stream()
                .filter(entry -> RESOLVED.equals(entry.getAction()) && OVER_REFUNDED.equals(entry.getTarget()))
                .max(Comparator.comparing(AuditEntry::getRecordedAt).thenComparing(AuditEntry::getId));
    }

    /** An over-refund's resolution, shaped as a review resolution with the status OVER_REFUNDED. */
    private static JsonObject overRefundResolution(AuditEntry entry) {
        return Jsons.object().add("mchOrderNo", entry.getMchOrderNo()).add("status", OVER_REFUNDED)
                .add("resolvedBy", entry.getActor()).add("resolvedAt", ReviewQueue.utc(entry.getRecordedAt()))
                .add("note", entry.getNote() == null ? "" : entry.getNote()).build();
    }

    /**
     * Sends the event's webhook again from now, with the full retry schedule and the same
     * webhook-id. (The Idempotency-Key of the request is the boundary's business.)
     */
    public Done redeliver(String eventId, String note) {
        Redeliveries.Redelivered done = redelivered(() -> redeliveries.webhook(eventId));
        return new Done(redelivery(audit.record(REDELIVERED, done.mchOrderNo(), eventId, note)), true);
    }

    /**
     * Delivers an event whose delivery to the application's CDI observers FAILED to them again,
     * from now, with the full retry schedule. The observers that took it before are not called
     * again. Only a FAILED delivery is redelivered: one still PENDING gets its tries anyway, and a
     * DELIVERED one reached every observer.
     */
    public Done redeliverToObservers(String eventId, String note) {
        Redeliveries.Redelivered done = redelivered(() -> redeliveries.observers(eventId));
        return new Done(redelivery(audit.record(OBSERVERS_REDELIVERED, done.mchOrderNo(), eventId, note)), true);
    }

    private static Redeliveries.Redelivered redelivered(Supplier<Redeliveries.Redelivered> redelivery) {
        try {
            return redelivery.get();
        } catch (Redeliveries.Refused refused) {
            Redeliveries.Refusal refusal = refused.refusal();
            String state = refusal.state() == null ? null : refusal.state().name();
            throw new ActionRefused(switch (refusal.reason()) {
                case NO_SUCH_EVENT -> ActionRefused.Reason.NO_SUCH_EVENT;
                case NO_WEBHOOK -> ActionRefused.Reason.NO_WEBHOOK;
                case NOT_FAILED -> ActionRefused.Reason.OBSERVERS_NOT_FAILED;
            }, refusal.mchOrderNo(), state);
        }
    }

    private static JsonObject redelivery(AuditEntry entry) {
        return Jsons.object().add("eventId", entry.getTarget()).add("mchOrderNo", entry.getMchOrderNo())
                .add("requestedBy", entry.getActor()).add("requestedAt", ReviewQueue.utc(entry.getRecordedAt()))
                .add("note", entry.getNote() == null ? "" : entry.getNote()).build();
    }
}
