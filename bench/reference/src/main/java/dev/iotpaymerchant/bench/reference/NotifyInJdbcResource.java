package dev.iotpaymerchant.bench.reference;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * The least a payment notification must cost on this server with our schema (issue #22): the same
 * signed form IOTPay posts, its MD5 signature checked in plain Java, and in one transaction on the
 * backend's own pool ({@code jdbc/iotpay}, same commit settings) the statements a notification
 * must at least run: a locking read of the order, the notification record, the order's update and
 * the outbox event's insert. A replay of a paid order takes the lock and writes nothing. The event
 * is written as already delivered, so the backend's dispatcher, which would deliver its own events
 * outside the request, leaves these alone. No JPA,
 * no EJB, no validation beyond the signature; it answers {@code success} like the backend.
 *
 * <p>Ids come from the backend's own sequences, a block of 500 per {@code nextval} as EclipseLink
 * takes them, so both share the sequences without ever overlapping.
 */
@Path("notify")
@ApplicationScoped
public class NotifyInJdbcResource {

    private static final String LOCK = "SELECT id, status, amount, currency FROM payment_order"
            + " WHERE mch_order_no = ? FOR UPDATE";
    private static final String RECORD = "INSERT INTO received_notification (id, received_at, mch_order_no,"
            + " pay_order_id, outcome, reason, sign_present, remote_address, parameters)"
            + " VALUES (?, ?, ?, ?, 'APPLIED', NULL, TRUE, ?, ?)";
    private static final String PAID = "UPDATE payment_order SET status = 'PAID', pay_order_id = ?,"
            + " channel_order_no = ?, paid_at = ?, updated_at = ?, next_check_at = NULL, watch_until = NULL,"
            + " version = version + 1 WHERE id = ?";
    private static final String EVENT = "INSERT INTO payment_event (id, event_id, type, mch_order_no, payload,"
            + " created_at, observers_state, observers_attempts, observers_done_at, webhook_state, webhook_attempts,"
            + " webhook_done_at, version) VALUES (?, ?, 'payment.succeeded', ?, ?, ?, 'DELIVERED', 0, ?, 'SKIPPED', 0,"
            + " ?, 1)";

    private final IdBlocks notificationIds = new IdBlocks("received_notification_seq");
    private final IdBlocks eventIds = new IdBlocks("payment_event_seq");
    private final String merchantKey = System.getenv("IOTPAY_MCH_KEY");

    @Resource(lookup = "jdbc/iotpay")
    DataSource dataSource;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_PLAIN)
    public Response notify(MultivaluedMap<String, String> form) throws SQLException {
        Map<String, String> p = new TreeMap<>();
        form.forEach((name, values) -> p.put(name, values.get(0)));
        if (!signed(p)) {
            return Response.status(Response.Status.FORBIDDEN).entity("fail").build();
        }
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(false);
            try {
                apply(db, p, now);
                db.commit();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        }
        return Response.ok("success").build();
    }

    private void apply(Connection db, Map<String, String> p, Timestamp now) throws SQLException {
        String orderNo = p.get("mchOrderNo");
        long orderId;
        try (PreparedStatement lock = db.prepareStatement(LOCK)) {
            lock.setString(1, orderNo);
            try (ResultSet order = lock.executeQuery()) {
                if (!order.next() || !"PENDING".equals(order.getString(2))) {
                    return; // unknown or settled already: nothing to write
                }
                orderId = order.getLong(1);
            }
        }
        try (PreparedStatement record = db.prepareStatement(RECORD)) {
            record.setLong(1, notificationIds.next(db));
            record.setTimestamp(2, now);
            record.setString(3, orderNo);
            record.setString(4, p.get("payOrderId"));
            record.setString(5, "127.0.0.1");
            record.setString(6, p.toString());
            record.executeUpdate();
        }
        try (PreparedStatement paid = db.prepareStatement(PAID)) {
            paid.setString(1, p.get("payOrderId"));
            paid.setString(2, p.get("channelOrderNo"));
            paid.setTimestamp(3, now);
            paid.setTimestamp(4, now);
            paid.setLong(5, orderId);
            paid.executeUpdate();
        }
        try (PreparedStatement event = db.prepareStatement(EVENT)) {
            event.setLong(1, eventIds.next(db));
            event.setString(2, "evt_" + UUID.randomUUID());
            event.setString(3, orderNo);
            event.setString(4, "{\"mchOrderNo\":\"" + orderNo + "\",\"payOrderId\":\"" + p.get("payOrderId")
                    + "\",\"status\":\"PAID\",\"amount\":" + p.get("amount") + ",\"currency\":\"" + p.get("currency")
                    + "\",\"paidAt\":\"" + now.toInstant() + "\"}");
            event.setTimestamp(5, now);
            event.setTimestamp(6, now);
            event.setTimestamp(7, now);
            event.executeUpdate();
        }
    }

    /** IOTPay's MD5 signature: non-empty parameters but sign, sorted, then the key; constant-time compare. */
    private boolean signed(Map<String, String> sorted) {
        String given = sorted.get("sign");
        if (given == null || merchantKey == null) {
            return false;
        }
        StringBuilder text = new StringBuilder();
        sorted.forEach((name, value) -> {
            if (!value.isEmpty() && !"sign".equals(name)) {
                text.append(name).append('=').append(value).append('&');
            }
        });
        text.append("key=").append(merchantKey);
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(HexFormat.of().withUpperCase().formatHex(digest).getBytes(StandardCharsets.US_ASCII),
                    given.toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ids in blocks of 500 from one of the backend's sequences, as EclipseLink takes them. */
    static final class IdBlocks {
        private static final int BLOCK = 500;
        private final String sequence;
        private long next;
        private long end;

        IdBlocks(String sequence) {
            this.sequence = sequence;
        }

        synchronized long next(Connection db) throws SQLException {
            if (next == end) {
                try (PreparedStatement draw = db.prepareStatement("SELECT nextval('" + sequence + "')");
                     ResultSet value = draw.executeQuery()) {
                    value.next();
                    end = value.getLong(1);
                    next = end - BLOCK; // EclipseLink uses the BLOCK ids below the value drawn
                }
            }
            return ++next;
        }
    }
}
