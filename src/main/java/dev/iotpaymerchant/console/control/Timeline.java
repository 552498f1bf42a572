package dev.iotpaymerchant.console.control;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.access.control.AuditLog;
import dev.iotpaymerchant.access.entity.AuditEntry;
import dev.iotpaymerchant.console.entity.ReviewResolution;
import dev.iotpaymerchant.fulfilment.entity.OutboxEvent;
import dev.iotpaymerchant.fulfilment.entity.WebhookAttempt;
import dev.iotpaymerchant.gatewaycalls.control.GatewayCalls;
import dev.iotpaymerchant.gatewaycalls.entity.GatewayCall;
import dev.iotpaymerchant.notifications.entity.ReceivedNotification;
import dev.iotpaymerchant.orders.control.OrderView;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.http.Jsons;
import dev.iotpaymerchant.platform.values.Instants;
import dev.iotpaymerchant.platform.values.MinorUnits;
import dev.iotpaymerchant.refunds.control.RefundView;
import dev.iotpaymerchant.refunds.entity.Refund;

/**
 * Everything that happened to one order, oldest first: its creation, every IOTPay call and what it
 * changed, every notification received (with its outcome, reason and sender, never the sign), the
 * events and each webhook attempt, refunds, and operators' actions. All of it is data: the console
 * shows it as text.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class Timeline {

    private static final int MAX_ROWS = 500;
    /** The contract's maxItems of a timeline: beyond it, the newest entries. */
    static final int MAX_ENTRIES = 2000;

    @PersistenceContext
    EntityManager em;

    @Inject
    GatewayCalls calls;

    @Inject
    AuditLog audit;

    /** One thing that happened: when, what kind, a one-line title, and labelled facts. */
    record Entry(OffsetDateTime at, String kind, String title, Map<String, String> facts) {
    }

    public Optional<JsonObject> of(String mchOrderNo) {
        PaymentOrder order = em.createNamedQuery(PaymentOrder.BY_NUMBER, PaymentOrder.class)
                .setParameter("number", mchOrderNo).getResultStream().findFirst().orElse(null);
        if (order == null) {
            return Optional.empty();
        }
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(order.getCreatedAt(), "created", "Order created", facts(
                "by", order.getOwner() == null ? "an unauthenticated caller (api.auth=none)" : order.getOwner(),
                "client address", order.getDetails().clientIp(), "channel", order.getChannel().name(),
                "amount", MinorUnits.format(order.getAmount(), order.getCurrency()), "subject", order.getDetails().subject(),
                "param1", order.getDetails().param1(), "param2", order.getDetails().param2())));
        for (GatewayCall call : calls.of(mchOrderNo)) {
            entries.add(new Entry(call.getCalledAt(), "sweep".equals(call.getCause()) ? "sweep" : "gateway",
                    "IOTPay " + call.getOperation() + " → " + call.getOutcome(), facts(
                    "cause", call.getCause(), "refund", call.getRefundNo(), "IOTPay said", call.getDetail(),
                    "effect", call.getEffect(), "took", call.getDurationMs() + " ms")));
        }
        for (ReceivedNotification notification : em.createNamedQuery(ReceivedNotification.OF_ORDER,
                ReceivedNotification.class).setParameter("number", mchOrderNo).setMaxResults(MAX_ROWS).getResultList()) {
            entries.add(new Entry(notification.getReceivedAt(), "notification",
                    "Notification " + notification.getOutcome(), facts(
                    "reason", notification.getReason(), "from", notification.getRemoteAddress(),
                    "payOrderId", notification.getPayOrderId(),
                    "parameters (sign removed)", notification.getParameters())));
        }
        List<OutboxEvent> events = em.createNamedQuery(OutboxEvent.OF_ORDER, OutboxEvent.class)
                .setParameter("number", mchOrderNo).setMaxResults(MAX_ROWS).getResultList();
        for (OutboxEvent event : events) {
            entries.add(new Entry(event.getCreatedAt(), "event", "Event " + event.getType(), facts(
                    "eventId", event.getEventId(),
                    "observers", event.getObserversState() + errorOf(event.getObserversError()),
                    "webhook", event.getWebhookState() + " after " + event.getWebhookAttempts() + " attempt(s)"
                            + errorOf(event.getWebhookError()))));
            for (WebhookAttempt attempt : em.createNamedQuery(WebhookAttempt.OF_EVENT, WebhookAttempt.class)
                    .setParameter("eventId", event.getEventId()).setMaxResults(MAX_ROWS).getResultList()) {
                entries.add(new Entry(attempt.getAttemptedAt(), "webhook", "Webhook attempt " + attempt.getAttempt() + " → "
                        + (attempt.getHttpStatus() == null ? "no answer" : "HTTP " + attempt.getHttpStatus()), facts(
                        "eventId", attempt.getEventId(), "event", event.getType(), "error", attempt.getError(),
                        "took", attempt.getDurationMs() + " ms")));
            }
        }
        for (Refund refund : em.createNamedQuery(Refund.OF_ORDER, Refund.class).setParameter("number", mchOrderNo)
                .setMaxResults(MAX_ROWS).getResultList()) {
            entries.add(new Entry(refund.getCreatedAt(), "refund", "Refund " + refund.getRefundNo() + " " + refund.getStatus(), facts(
                    "amount", MinorUnits.format(refund.getAmount(), refund.getCurrency()),
                    "reason", refund.getReason(), "by", refund.getCreatedBy(), "IOTPay refundOrderId", refund.getRefundOrderId(),
                    "status reason", refund.getStatusReason(),
                    "succeeded at", refund.getSucceededAt() == null ? null : Instants.text(refund.getSucceededAt()))));
        }
        for (AuditEntry entry : audit.of(mchOrderNo)) {
            entries.add(new Entry(entry.getRecordedAt(), "audit", "Operator action " + entry.getAction(), facts(
                    "who", entry.getActor(), "target", entry.getTarget(), "note", entry.getNote())));
        }
        if (order.getPaidAt() != null) {
            entries.add(new Entry(order.getPaidAt(), "paid", "Paid at IOTPay", facts("status now", order.getStatus().name())));
        }
        entries.sort(Comparator.comparing(Entry::at));
        JsonArrayBuilder timeline = Jsons.array();
        entries.subList(Math.max(0, entries.size() - MAX_ENTRIES), entries.size()).forEach(entry -> timeline.add(json(entry)));
        JsonObjectBuilder answer = Jsons.object().add("order", OrderView.answer(order)).add("timeline", timeline);
        ReviewResolution resolution = em.find(ReviewResolution.class, mchOrderNo);
        if (resolution != null) {
            answer.add("resolution", ReviewQueue.json(resolution));
        }
        JsonArrayBuilder refunds = Jsons.array();
        em.createNamedQuery(Refund.OF_ORDER, Refund.class).setParameter("number", mchOrderNo).setMaxResults(MAX_ROWS)
                .getResultList().forEach(refund -> refunds.add(RefundView.of(refund)));
        JsonArrayBuilder eventIds = Jsons.array();
        events.forEach(event -> eventIds.add(Jsons.object().add("eventId", event.getEventId())
                .add("type", event.getType()).add("webhook", event.getWebhookState().name())
                .add("observers", event.getObserversState().name())));
        return Optional.of(answer.add("refunds", refunds).add("events", eventIds).build());
    }

    private static JsonObject json(Entry entry) {
        JsonObjectBuilder facts = Jsons.object();
        entry.facts().forEach(facts::add);
        return Jsons.object().add("at", Instants.text(entry.at()))
                .add("kind", entry.kind()).add("title", entry.title()).add("facts", facts).build();
    }

    /** Label, value, label, value…; empty values are left out. */
    private static Map<String, String> facts(String... labelsAndValues) {
        Map<String, String> facts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < labelsAndValues.length; i += 2) {
            String value = labelsAndValues[i + 1];
            if (value != null && !value.isBlank()) {
                facts.put(labelsAndValues[i], value);
            }
        }
        return facts;
    }

    private static String errorOf(String error) {
        return error == null ? "" : " (" + error + ")";
    }
}
