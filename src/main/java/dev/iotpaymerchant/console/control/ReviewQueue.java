package dev.iotpaymerchant.console.control;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import dev.iotpaymerchant.checkouts.control.CheckoutQueries;
import dev.iotpaymerchant.checkouts.control.CheckoutView;
import dev.iotpaymerchant.checkouts.control.Checkouts;
import dev.iotpaymerchant.console.entity.ReviewResolution;
import dev.iotpaymerchant.fulfilment.entity.DeliveryState;
import dev.iotpaymerchant.fulfilment.entity.OutboxEvent;
import dev.iotpaymerchant.orders.control.OrderView;
import dev.iotpaymerchant.orders.entity.OrderStatus;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.http.Jsons;
import dev.iotpaymerchant.platform.values.Instants;
import dev.iotpaymerchant.refunds.control.RefundView;
import dev.iotpaymerchant.refunds.entity.Refund;
import dev.iotpaymerchant.refunds.entity.RefundStatus;

/**
 * What needs an operator: orders in NEEDS_REVIEW and PAID_AFTER_CLOSE nobody has resolved yet,
 * orders refunded beyond what was paid whose over-refund nobody has resolved yet, orders and refunds
 * still UNKNOWN after {@link #STALE_AFTER} (and PROCESSING refunds IOTPay's refund query no longer
 * knows, as old), events whose webhook FAILED or whose delivery to the
 * application's CDI observers FAILED (each kind of failure is its own item), and checkouts paid more
 * than once (or paid after they closed) whose extra payments nobody has resolved yet.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class ReviewQueue {

    /** An UNKNOWN order or refund older than this is an operator's business. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(10);
    private static final int MAX_ITEMS = 100;
    private static final String UNRESOLVED = "select o from PaymentOrder o where o.status = :status and not exists "
            + "(select r from ReviewResolution r where r.mchOrderNo = o.mchOrderNo) order by o.createdAt, o.id";
    private static final String COUNT_UNRESOLVED = "select count(o) from PaymentOrder o where o.status = :status and not exists "
            + "(select r from ReviewResolution r where r.mchOrderNo = o.mchOrderNo)";
    /** Refunded beyond the payment (a refund IOTPay made after we had failed it), and not all of it dealt with. */
    private static final String OVER_REFUNDED = "from PaymentOrder o where o.refunds.refunded > o.amount.minorUnits"
            + " and o.refunds.refunded > o.refunds.overRefundResolved";

    /**
     * Refunds IOTPay has not settled and may not even know: UNKNOWN ones, and PROCESSING ones its refund
     * query no longer knows, stored before {@code :before}. Both are FAILED after the settle watch.
     */
    private static final String UNSETTLED_REFUNDS = "from Refund r where r.createdAt < :before and (r.status = :unknown"
            + " or (r.status = :processing and r.unknownSince is not null))";

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    CheckoutQueries checkoutQueries;

    @Inject
    Checkouts checkouts;

    public JsonObject queue() {
        OffsetDateTime staleBefore = OffsetDateTime.now(clock).minus(STALE_AFTER);
        JsonArrayBuilder needsReview = orders(em.createQuery(UNRESOLVED, PaymentOrder.class)
                .setParameter("status", OrderStatus.NEEDS_REVIEW).setMaxResults(MAX_ITEMS).getResultList());
        JsonArrayBuilder paidAfterClose = orders(em.createQuery(UNRESOLVED, PaymentOrder.class)
                .setParameter("status", OrderStatus.PAID_AFTER_CLOSE).setMaxResults(MAX_ITEMS).getResultList());
        JsonArrayBuilder overRefunded = orders(em.createQuery("select o " + OVER_REFUNDED + " order by o.updatedAt, o.id",
                PaymentOrder.class).setMaxResults(MAX_ITEMS).getResultList());
        JsonArrayBuilder unknownOrders = orders(em.createQuery("select o from PaymentOrder o where o.status = :status "
                        + "and o.createdAt < :before order by o.createdAt, o.id", PaymentOrder.class)
                .setParameter("status", OrderStatus.UNKNOWN).setParameter("before", staleBefore)
                .setMaxResults(MAX_ITEMS).getResultList());
        JsonArrayBuilder unknownRefunds = Jsons.array();
        unsettledRefunds(em.createQuery("select r " + UNSETTLED_REFUNDS + " order by r.createdAt, r.id", Refund.class), staleBefore)
                .setMaxResults(MAX_ITEMS).getResultList().forEach(refund -> unknownRefunds.add(RefundView.of(refund)));
        JsonArrayBuilder failedWebhooks = Jsons.array();
        failedEvents(MAX_ITEMS).forEach(event -> failedWebhooks.add(event(event)));
        JsonArrayBuilder failedObservers = Jsons.array();
        failedObserverEvents(MAX_ITEMS).forEach(event -> failedObservers.add(observersEvent(event)));
        JsonArrayBuilder overpaidCheckouts = Jsons.array();
        checkoutQueries.overpaid(MAX_ITEMS).forEach(checkout -> overpaidCheckouts.add(
                CheckoutView.of(checkout, checkouts.attempts(checkout.getCheckoutId()))));
        return Jsons.object()
                .add("size", size())
                .add("needsReview", needsReview)
                .add("paidAfterClose", paidAfterClose)
                .add("overRefunded", overRefunded)
                .add("unknownOrders", unknownOrders)
                .add("unknownRefunds", unknownRefunds)
                .add("failedWebhooks", failedWebhooks)
                .add("failedObservers", failedObservers)
                .add("overpaidCheckouts", overpaidCheckouts)
                .build();
    }

    /** How many items wait, in all. */
    public long size() {
        OffsetDateTime staleBefore = OffsetDateTime.now(clock).minus(STALE_AFTER);
        long unresolved = 0;
        for (OrderStatus status : List.of(OrderStatus.NEEDS_REVIEW, OrderStatus.PAID_AFTER_CLOSE)) {
            unresolved += em.createQuery(COUNT_UNRESOLVED, Long.class).setParameter("status", status).getSingleResult();
        }
        unresolved += em.createQuery("select count(o) " + OVER_REFUNDED, Long.class).getSingleResult();
        long unknownOrders = em.createQuery("select count(o) from PaymentOrder o where o.status = :status and o.createdAt < :before",
                Long.class).setParameter("status", OrderStatus.UNKNOWN).setParameter("before", staleBefore).getSingleResult();
        long unknownRefunds = unsettledRefunds(em.createQuery("select count(r) " + UNSETTLED_REFUNDS, Long.class), staleBefore)
                .getSingleResult();
        return unresolved + unknownOrders + unknownRefunds + failedWebhooks() + failedObservers()
                + checkoutQueries.countOverpaid();
    }

    /** How many events' webhooks FAILED. */
    public long failedWebhooks() {
        return em.createQuery("select count(e) from OutboxEvent e where e.webhook.state = :state", Long.class)
                .setParameter("state", DeliveryState.FAILED).getSingleResult();
    }

    /** How many events' deliveries to the CDI observers FAILED. */
    public long failedObservers() {
        return em.createQuery("select count(e) from OutboxEvent e where e.observers.state = :state", Long.class)
                .setParameter("state", DeliveryState.FAILED).getSingleResult();
    }

    /** Events whose webhook gave up, newest first. */
    public List<OutboxEvent> failedEvents(int limit) {
        return em.createQuery("select e from OutboxEvent e where e.webhook.state = :state order by e.id desc", OutboxEvent.class)
                .setParameter("state", DeliveryState.FAILED).setMaxResults(limit).getResultList();
    }

    /** Events whose delivery to the CDI observers gave up, newest first. */
    public List<OutboxEvent> failedObserverEvents(int limit) {
        return em.createQuery("select e from OutboxEvent e where e.observers.state = :state order by e.id desc", OutboxEvent.class)
                .setParameter("state", DeliveryState.FAILED).setMaxResults(limit).getResultList();
    }

    private static <T> TypedQuery<T> unsettledRefunds(TypedQuery<T> query, OffsetDateTime staleBefore) {
        return query.setParameter("before", staleBefore).setParameter("unknown", RefundStatus.UNKNOWN)
                .setParameter("processing", RefundStatus.PROCESSING);
    }

    static JsonObject event(OutboxEvent event) {
        JsonObjectBuilder json = Jsons.object().add("eventId", event.getEventId()).add("type", event.getType())
                .add("mchOrderNo", event.getMchOrderNo()).add("createdAt", utc(event.getCreatedAt()))
                .add("webhook", event.getWebhookState().name()).add("attempts", event.getWebhookAttempts());
        if (event.getWebhookError() != null) {
            json.add("error", event.getWebhookError());
        }
        return json.build();
    }

    /** An event as the queue shows a failed delivery to the observers: the error names the observer that threw. */
    static JsonObject observersEvent(OutboxEvent event) {
        JsonObjectBuilder json = Jsons.object().add("eventId", event.getEventId()).add("type", event.getType())
                .add("mchOrderNo", event.getMchOrderNo()).add("createdAt", utc(event.getCreatedAt()))
                .add("observers", event.getObserversState().name()).add("attempts", event.getObserversAttempts());
        if (event.getObserversError() != null) {
            json.add("error", event.getObserversError());
        }
        return json.build();
    }

    static JsonObject json(ReviewResolution resolution) {
        return Jsons.object().add("mchOrderNo", resolution.getMchOrderNo()).add("status", resolution.getStatus())
                .add("resolvedBy", resolution.getResolvedBy()).add("resolvedAt", utc(resolution.getResolvedAt()))
                .add("note", resolution.getNote()).build();
    }

    private static JsonArrayBuilder orders(List<PaymentOrder> orders) {
        JsonArrayBuilder json = Jsons.array();
        orders.forEach(order -> json.add(OrderView.of(order)));
        return json;
    }

    static String utc(OffsetDateTime time) {
        return Instants.text(time);
    }
}
