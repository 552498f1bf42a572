package dev.iotpaymerchant.platform.work;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.persistence.EntityManager;

/**
 * The one claim query every kind of due work that takes its rows uses (the order sweep, the refund
 * sweep, both outbox destinations, the self-audit's schedule; checkout expiry takes none): the ids
 * of up to {@code limit} rows whose due time has come, oldest due first, locked with {@code FOR
 * UPDATE SKIP LOCKED} in the caller's transaction. Any number of nodes claim
 * at once without waiting on or taking each other's rows. The caller moves each row's due time
 * past the work it is about to do (its lease) before the transaction commits; see {@link Lease}.
 * {@code now} is the database's time read in the same transaction ({@link WorkClock}), never the
 * node's clock.
 */
public final class DueRows {

    private static final Pattern NAME = Pattern.compile("[a-z_]{1,40}");

    private DueRows() {
    }

    public static List<Long> lock(EntityManager em, String table, String dueColumn, OffsetDateTime now, int limit) {
        if (!NAME.matcher(table).matches() || !NAME.matcher(dueColumn).matches()) {
            throw new IllegalArgumentException("not a table or column name: " + table + "." + dueColumn);
        }
        List<?> ids = em.createNativeQuery("SELECT id FROM " + table + " WHERE " + dueColumn + " <= ?"
                        + " ORDER BY " + dueColumn + ", id LIMIT ? FOR UPDATE SKIP LOCKED")
                .setParameter(1, now)
                .setParameter(2, limit)
                .getResultList();
        return ids.stream().map(id -> ((Number) id).longValue()).toList();
    }
}
