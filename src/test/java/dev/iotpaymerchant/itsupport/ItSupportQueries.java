package dev.iotpaymerchant.itsupport;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.fulfilment.entity.OutboxEvent;
import dev.iotpaymerchant.fulfilment.entity.WebhookAttempt;
import dev.iotpaymerchant.notifications.entity.ReceivedNotification;

/** Test-only: what the database holds about an order's events and the notification log, as JSON. */
@Stateless
public class ItSupportQueries {

    @PersistenceContext
    EntityManager em;

    @Resource(lookup = "java:comp/env/jdbc/iotpay")
    DataSource dataSource;

    /** Which database the backend's own datasource is, described as the neighbour application describes its own. */
    public String datasource() {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData database = connection.getMetaData();
            boolean paymentOrderTable = false;
            try (ResultSet tables = database.getTables(null, null, "%", null)) {
                while (tables.next()) {
                    paymentOrderTable |= "payment_order".equalsIgnoreCase(tables.getString("TABLE_NAME"));
                }
            }
            return Json.createObjectBuilder().add("url", database.getURL())
                    .add("product", database.getDatabaseProductName())
                    .add("paymentOrderTable", paymentOrderTable).build().toString();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public String events(String mchOrderNo) {
        JsonArrayBuilder events = Json.createArrayBuilder();
        for (OutboxEvent event : em.createNamedQuery(OutboxEvent.OF_ORDER, OutboxEvent.class)
                .setParameter("number", mchOrderNo).getResultList()) {
            JsonArrayBuilder attempts = Json.createArrayBuilder();
            for (WebhookAttempt attempt : em.createNamedQuery(WebhookAttempt.OF_EVENT, WebhookAttempt.class)
                    .setParameter("eventId", event.getEventId()).getResultList()) {
                JsonObjectBuilder a = Json.createObjectBuilder().add("attempt", attempt.getAttempt())
                        .add("at", attempt.getAttemptedAt().toString())
                        .add("durationMs", attempt.getDurationMs());
                if (attempt.getHttpStatus() != null) {
                    a.add("status", attempt.getHttpStatus());
                }
                if (attempt.getError() != null) {
                    a.add("error", attempt.getError());
                }
                attempts.add(a);
            }
            events.add(Json.createObjectBuilder()
                    .add("eventId", event.getEventId())
                    .add("type", event.getType())
                    .add("data", Json.createReader(new java.io.StringReader(event.getPayload())).readObject())
                    .add("observers", event.getObserversState().name())
                    .add("observerAttempts", event.getObserversAttempts())
                    .add("observerFailed", event.getObserversError() != null)
                    .add("observersDone", Json.createArrayBuilder(event.observersDone()))
                    .add("webhook", event.getWebhookState().name())
                    .add("webhookAttempts", event.getWebhookAttempts())
                    .add("attempts", attempts));
        }
        return events.build().toString();
    }

    public String latestNotifications(int count) {
        List<ReceivedNotification> rows = em.createQuery(
                        "select n from ReceivedNotification n order by n.id desc", ReceivedNotification.class)
                .setMaxResults(count).getResultList();
        JsonArrayBuilder json = Json.createArrayBuilder();
        for (ReceivedNotification row : rows) {
            JsonObjectBuilder n = Json.createObjectBuilder()
                    .add("outcome", row.getOutcome().name())
                    .add("receivedAt", row.getReceivedAt().toString());
            add(n, "mchOrderNo", row.getMchOrderNo());
            add(n, "reason", row.getReason());
            add(n, "parameters", row.getParameters());
            json.add(n);
        }
        return json.build().toString();
    }

    public long notificationCount(String outcome) {
        if (outcome == null) {
            return em.createQuery("select count(n) from ReceivedNotification n", Long.class).getSingleResult();
        }
        return em.createQuery("select count(n) from ReceivedNotification n where n.outcome = :outcome", Long.class)
                .setParameter("outcome", dev.iotpaymerchant.notifications.entity.NotificationOutcome.valueOf(outcome))
                .getSingleResult();
    }

    /** The checkout an order tries to pay and the moment it must close by (members absent when null). */
    public String attempt(String mchOrderNo) {
        dev.iotpaymerchant.orders.entity.PaymentOrder order = em.createNamedQuery(
                        dev.iotpaymerchant.orders.entity.PaymentOrder.BY_NUMBER, dev.iotpaymerchant.orders.entity.PaymentOrder.class)
                .setParameter("number", mchOrderNo).getSingleResult();
        JsonObjectBuilder json = Json.createObjectBuilder();
        add(json, "checkoutId", order.getAttempt().checkoutId());
        if (order.getAttempt().closeBy() != null) {
            json.add("closeBy", order.getAttempt().closeBy().toInstant().toString());
        }
        return json.build().toString();
    }

    /** Runs one UPDATE on the backend's database, in a transaction of its own; how many rows it changed. */
    public int breakRow(String update) {
        if (!update.trim().toUpperCase(java.util.Locale.ROOT).startsWith("UPDATE ")) {
            throw new IllegalArgumentException("only an UPDATE breaks a row");
        }
        return em.createNativeQuery(update).executeUpdate();
    }

    private static void add(JsonObjectBuilder json, String name, String value) {
        if (value != null) {
            json.add(name, value);
        }
    }
}
