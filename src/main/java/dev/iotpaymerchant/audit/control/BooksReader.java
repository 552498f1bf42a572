package dev.iotpaymerchant.audit.control;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;

import dev.iotpaymerchant.audit.control.BooksRules.Schedule;
import dev.iotpaymerchant.platform.work.WorkClock;

/**
 * The self-audit's reads, in SQL over the tables of orders, refunds, checkouts, events and
 * idempotency keys (read only: the audit changes none of them). Every query is bounded: a range of
 * an index by time (the window), the due indexes below a cut-off (what is overdue), the pending
 * deliveries, or a lookup by key of at most {@link #CHUNK} numbers; each list query stops at the
 * limit it is given. Times come back as epoch seconds, the same type on H2 and PostgreSQL under
 * either JPA provider.
 */
@ApplicationScoped
public class BooksReader {

    /** The most numbers one lookup names. */
    static final int CHUNK = 200;
    static final List<String> PAYMENT_EVENTS = List.of("payment.succeeded", "payment.after_close", "payment.needs_review");

    @PersistenceContext
    EntityManager em;

    @Inject
    WorkClock clock;

    /** The database's time now: what the window and the overdue margin are measured against. */
    public OffsetDateTime now() {
        return clock.read(em).at();
    }

    /** A number (order, refund) and the time of the change that made it a candidate. */
    public record Changed(String number, Instant at) {
    }

    /** Orders changed in the window, oldest change first (ix_payment_order_updated). */
    public List<Changed> ordersChanged(OffsetDateTime from, OffsetDateTime to, int limit) {
        return changed("SELECT mch_order_no, EXTRACT(EPOCH FROM updated_at) FROM payment_order"
                + " WHERE updated_at >= ? AND updated_at < ? ORDER BY updated_at, id LIMIT ?", from, to, limit);
    }

    /** The orders of refunds changed in the window (ix_refund_updated). */
    public List<Changed> refundsChanged(OffsetDateTime from, OffsetDateTime to, int limit) {
        return changed("SELECT mch_order_no, EXTRACT(EPOCH FROM updated_at) FROM refund"
                + " WHERE updated_at >= ? AND updated_at < ? ORDER BY updated_at, id LIMIT ?", from, to, limit);
    }

    /** The orders (or checkouts) of events written in the window (ix_payment_event_created). */
    public List<Changed> eventsWritten(OffsetDateTime from, OffsetDateTime to, int limit) {
        return changed("SELECT mch_order_no, EXTRACT(EPOCH FROM created_at) FROM payment_event"
                + " WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id LIMIT ?", from, to, limit);
    }

    /** Orders whose next check is before {@code before}: the due index's head (ix_payment_order_due). */
    public List<String> ordersDueBefore(OffsetDateTime before, int limit) {
        return strings(em.createNativeQuery("SELECT mch_order_no FROM payment_order WHERE next_check_at < ?"
                + " ORDER BY next_check_at, id LIMIT ?").setParameter(1, before).setParameter(2, limit));
    }

    /** The orders of refunds whose next check is before {@code before} (ix_refund_due). */
    public List<String> refundsDueBefore(OffsetDateTime before, int limit) {
        return strings(em.createNativeQuery("SELECT mch_order_no FROM refund WHERE next_check_at < ?"
                + " ORDER BY next_check_at, id LIMIT ?").setParameter(1, before).setParameter(2, limit));
    }

    /**
     * Pending deliveries that have made at least {@code tries} tries, from the pending deliveries'
     * indexes (on PostgreSQL partial: only pending rows); {@code overdue} when the next try is
     * before {@code before}.
     */
    public List<BooksRules.Delivery> exhaustedDeliveries(int tries, OffsetDateTime before, int limit) {
        List<BooksRules.Delivery> found = new ArrayList<>();
        for (String destination : List.of("observers", "webhook")) {
            String next = destination + "_next_at";
            String attempts = destination + "_attempts";
            List<?> rows = em.createNativeQuery("SELECT event_id, mch_order_no, " + attempts + ", CASE WHEN " + next
                            + " < ? THEN 1 ELSE 0 END FROM payment_event WHERE " + next + " IS NOT NULL AND " + attempts
                            + " >= ? ORDER BY " + next + ", id LIMIT ?")
                    .setParameter(1, before).setParameter(2, tries).setParameter(3, limit).getResultList();
            for (Object row : rows) {
                Object[] r = (Object[]) row;
                found.add(new BooksRules.Delivery((String) r[0], (String) r[1], destination, integer(r[2]), integer(r[3]) == 1));
            }
        }
        return found;
    }

    /**
     * Idempotency keys written in the window that name neither an order nor a refund
     * (ix_idempotency_key_created for the window, the unique numbers for each lookup).
     */
    public List<String[]> danglingKeys(OffsetDateTime from, OffsetDateTime to, int limit) {
        return keyRows(em.createNativeQuery("SELECT k.idempotency_key, k.mch_order_no FROM idempotency_key k"
                + " WHERE k.created_at >= ? AND k.created_at < ? AND " + DANGLING + " ORDER BY k.created_at LIMIT ?")
                .setParameter(1, from).setParameter(2, to).setParameter(3, limit));
    }

    /** Which of these keys (a last run's findings) still name nothing. */
    public List<String[]> stillDangling(Collection<String> keys) {
        List<String[]> found = new ArrayList<>();
        for (List<String> chunk : chunks(keys)) {
            Query query = em.createNativeQuery("SELECT k.idempotency_key, k.mch_order_no FROM idempotency_key k"
                    + " WHERE k.idempotency_key IN (" + marks(chunk.size()) + ") AND " + DANGLING);
            bind(query, 1, chunk);
            found.addAll(keyRows(query));
        }
        return found;
    }

    private static final String DANGLING = "k.mch_order_no IS NOT NULL"
            + " AND NOT EXISTS (SELECT 1 FROM payment_order o WHERE o.mch_order_no = k.mch_order_no)"
            + " AND NOT EXISTS (SELECT 1 FROM refund r WHERE r.refund_no = k.mch_order_no)";

    /** The orders with these numbers; {@code overdueBefore} decides which next checks are overdue. */
    public List<BooksRules.OrderRow> orders(Collection<String> numbers, OffsetDateTime overdueBefore) {
        List<BooksRules.OrderRow> found = new ArrayList<>();
        for (List<String> chunk : chunks(numbers)) {
            Query query = em.createNativeQuery("SELECT mch_order_no, status, amount, refund_reserved, refunded_amount,"
                    + " late_refunded_amount, over_refund_resolved, checkout_id, " + SCHEDULE + ","
                    + " CASE WHEN watch_until IS NULL THEN 0 ELSE 1 END FROM payment_order WHERE mch_order_no IN ("
                    + marks(chunk.size()) + ")").setParameter(1, overdueBefore);
            bind(query, 2, chunk);
            for (Object row : query.getResultList()) {
                Object[] r = (Object[]) row;
                found.add(new BooksRules.OrderRow((String) r[0], (String) r[1], number(r[2]),
                        new BooksRules.Totals(number(r[3]), number(r[4]), number(r[5]), number(r[6])), (String) r[7],
                        schedule(r[8]), integer(r[9]) == 1));
            }
        }
        return found;
    }

    private static final String SCHEDULE = "CASE WHEN next_check_at IS NULL THEN 0 WHEN next_check_at < ? THEN 2 ELSE 1 END";

    /** The payment events of these orders, as (order number, type) pairs (ix_payment_event_order). */
    public List<String[]> paymentEvents(Collection<String> numbers) {
        List<String[]> found = new ArrayList<>();
        for (List<String> chunk : chunks(numbers)) {
            Query query = em.createNativeQuery("SELECT mch_order_no, type FROM payment_event WHERE mch_order_no IN ("
                    + marks(chunk.size()) + ") AND type IN (?, ?, ?)");
            bind(query, 1, chunk);
            bind(query, chunk.size() + 1, PAYMENT_EVENTS);
            for (Object row : query.getResultList()) {
                Object[] r = (Object[]) row;
                found.add(new String[] {(String) r[0], (String) r[1]});
            }
        }
        return found;
    }

    /** The refunds of these orders (ix_refund_order). */
    public List<BooksRules.RefundRow> refunds(Collection<String> numbers, OffsetDateTime overdueBefore) {
        List<BooksRules.RefundRow> found = new ArrayList<>();
        for (List<String> chunk : chunks(numbers)) {
            Query query = em.createNativeQuery("SELECT refund_no, mch_order_no, amount, status, " + SCHEDULE
                    + " FROM refund WHERE mch_order_no IN (" + marks(chunk.size()) + ")").setParameter(1, overdueBefore);
            bind(query, 2, chunk);
            for (Object row : query.getResultList()) {
                Object[] r = (Object[]) row;
                found.add(new BooksRules.RefundRow((String) r[0], (String) r[1], number(r[2]), (String) r[3], schedule(r[4])));
            }
        }
        return found;
    }

    /** The checkouts with these ids (their primary key). */
    public List<BooksRules.CheckoutRow> checkouts(Collection<String> ids) {
        List<BooksRules.CheckoutRow> found = new ArrayList<>();
        for (List<String> chunk : chunks(ids)) {
            Query query = em.createNativeQuery("SELECT checkout_id, status, paid_order_no, extra_payments FROM checkout"
                    + " WHERE checkout_id IN (" + marks(chunk.size()) + ")");
            bind(query, 1, chunk);
            for (Object row : query.getResultList()) {
                Object[] r = (Object[]) row;
                found.add(new BooksRules.CheckoutRow((String) r[0], (String) r[1], (String) r[2], integer(r[3])));
            }
        }
        return found;
    }

    /** Every attempt at these checkouts, as (checkout id, attempt) pairs (ix_payment_order_checkout). */
    public List<Object[]> attempts(Collection<String> checkoutIds) {
        List<Object[]> found = new ArrayList<>();
        for (List<String> chunk : chunks(checkoutIds)) {
            Query query = em.createNativeQuery("SELECT checkout_id, mch_order_no, status FROM payment_order"
                    + " WHERE checkout_id IN (" + marks(chunk.size()) + ")");
            bind(query, 1, chunk);
            for (Object row : query.getResultList()) {
                Object[] r = (Object[]) row;
                found.add(new Object[] {r[0], new BooksRules.Attempt((String) r[1], (String) r[2])});
            }
        }
        return found;
    }

    /** The order numbers and key subjects of a run's findings (ix_audit_finding_run). */
    public List<String[]> findingsOf(long runId) {
        List<String[]> found = new ArrayList<>();
        for (Object row : em.createNativeQuery("SELECT invariant, subject, mch_order_no FROM audit_finding WHERE run_id = ?")
                .setParameter(1, runId).getResultList()) {
            Object[] r = (Object[]) row;
            found.add(new String[] {(String) r[0], (String) r[1], (String) r[2]});
        }
        return found;
    }

    /** When the last run (any node's) completed, if one has (ix_audit_run_finished). */
    public Optional<Instant> lastCompleted() {
        List<?> seconds = em.createNativeQuery("SELECT EXTRACT(EPOCH FROM finished_at) FROM audit_run"
                + " ORDER BY finished_at DESC, id DESC LIMIT 1").getResultList();
        return seconds.isEmpty() ? Optional.empty() : Optional.of(instant(seconds.get(0)));
    }

    private List<Changed> changed(String sql, OffsetDateTime from, OffsetDateTime to, int limit) {
        List<Changed> found = new ArrayList<>();
        for (Object row : em.createNativeQuery(sql).setParameter(1, from).setParameter(2, to).setParameter(3, limit)
                .getResultList()) {
            Object[] r = (Object[]) row;
            found.add(new Changed((String) r[0], instant(r[1])));
        }
        return found;
    }

    private static List<String[]> keyRows(Query query) {
        List<String[]> found = new ArrayList<>();
        for (Object row : query.getResultList()) {
            Object[] r = (Object[]) row;
            found.add(new String[] {(String) r[0], (String) r[1]});
        }
        return found;
    }

    private static List<String> strings(Query query) {
        return ((List<?>) query.getResultList()).stream().map(String.class::cast).toList();
    }

    static <T> List<List<T>> chunks(Collection<T> all) {
        List<T> list = List.copyOf(all);
        if (list.isEmpty()) {
            return Collections.emptyList();
        }
        List<List<T>> chunks = new ArrayList<>();
        for (int start = 0; start < list.size(); start += CHUNK) {
            chunks.add(list.subList(start, Math.min(list.size(), start + CHUNK)));
        }
        return chunks;
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private static void bind(Query query, int first, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            query.setParameter(first + i, values.get(i));
        }
    }

    private static Schedule schedule(Object value) {
        return switch (integer(value)) {
            case 0 -> Schedule.NONE;
            case 2 -> Schedule.OVERDUE;
            default -> Schedule.SCHEDULED;
        };
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    private static int integer(Object value) {
        return (int) number(value);
    }

    /** Epoch seconds (a number of any type, or its text) as an instant, to the microsecond. */
    static Instant instant(Object seconds) {
        long micros = new BigDecimal(String.valueOf(seconds)).movePointRight(6).setScale(0, RoundingMode.FLOOR).longValueExact();
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
