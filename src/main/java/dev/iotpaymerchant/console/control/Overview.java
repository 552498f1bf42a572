package dev.iotpaymerchant.console.control;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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

import dev.iotpaymerchant.fulfilment.entity.OutboxEvent;
import dev.iotpaymerchant.platform.http.Jsons;
import dev.iotpaymerchant.platform.values.Instants;

/**
 * The console's first page: orders created today and in the last 7 days (UTC), counted and summed
 * by status, channel and currency; the review queue's size; how many events' deliveries FAILED, to
 * the webhook and to the application's CDI observers; the last failed webhook; and paid orders per
 * hour over the last 24 hours. Sums are minor units per currency, never mixed.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class Overview {

    private static final int HOURS = 24;

    @PersistenceContext
    EntityManager em;

    @Inject
    ReviewQueue queue;

    @Inject
    Clock clock;

    public JsonObject now() {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime today = now.truncatedTo(ChronoUnit.DAYS);
        JsonObjectBuilder json = Jsons.object()
                .add("generatedAt", Instants.text(now))
                .add("today", totals(today))
                .add("last7Days", totals(today.minusDays(6)))
                .add("reviewQueueSize", queue.size())
                .add("failedWebhooks", queue.failedWebhooks())
                .add("failedObservers", queue.failedObservers())
                .add("paidPerHour", paidPerHour(now));
        List<OutboxEvent> failed = queue.failedEvents(1);
        if (failed.isEmpty()) {
            json.addNull("lastFailedWebhook");
        } else {
            json.add("lastFailedWebhook", ReviewQueue.event(failed.get(0)));
        }
        return json.build();
    }

    private JsonObject totals(OffsetDateTime since) {
        List<Object[]> rows = em.createQuery("select o.status, o.gateway.channel, o.amount.currency, count(o), sum(o.amount.minorUnits) "
                        + "from PaymentOrder o where o.createdAt >= :since group by o.status, o.gateway.channel, o.amount.currency "
                        + "order by o.status, o.gateway.channel, o.amount.currency", Object[].class)
                .setParameter("since", since).getResultList();
        JsonArrayBuilder groups = Jsons.array();
        long orders = 0;
        for (Object[] row : rows) {
            long count = ((Number) row[3]).longValue();
            orders += count;
            groups.add(Jsons.object().add("status", row[0].toString()).add("channel", row[1].toString())
                    .add("currency", row[2].toString()).add("count", count).add("amount", ((Number) row[4]).longValue()));
        }
        return Jsons.object().add("since", Instants.text(since)).add("orders", orders).add("groups", groups).build();
    }

    /** Paid orders in each of the last 24 whole hours and the current one, oldest first. */
    private JsonArrayBuilder paidPerHour(OffsetDateTime now) {
        OffsetDateTime hour = now.truncatedTo(ChronoUnit.HOURS).minusHours(HOURS - 1L);
        JsonArrayBuilder hours = Jsons.array();
        for (int i = 0; i < HOURS; i++, hour = hour.plusHours(1)) {
            long paid = em.createQuery("select count(o) from PaymentOrder o where o.paidAt >= :from and o.paidAt < :to", Long.class)
                    .setParameter("from", hour).setParameter("to", hour.plusHours(1)).getSingleResult();
            hours.add(Jsons.object().add("hour", Instants.text(hour)).add("paid", paid));
        }
        return hours;
    }
}
