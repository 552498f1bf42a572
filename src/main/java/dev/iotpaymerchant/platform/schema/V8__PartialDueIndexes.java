package dev.iotpaymerchant.platform.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Schema version 8 (issue #11): on PostgreSQL, the indexes the sweep and the outbox dispatcher
 * claim from hold only the rows that are due at all. Settled orders and delivered events have no
 * due time; in a full index they are most of the entries, here they cost nothing. The claim
 * queries ({@code … WHERE next_check_at <= now() ORDER BY next_check_at, id}) imply the index's
 * condition, so PostgreSQL scans it in order, without a sort.
 *
 * <p>Each index is built {@code CONCURRENTLY} under a new name, outside a transaction, so other
 * nodes keep writing; the old index is then dropped and the new one takes its name. Every step
 * can be run again after a failure. H2, which has no partial indexes, keeps the full ones.
 */
@SuppressWarnings("checkstyle:TypeName") // Flyway reads the version from the class name
public class V8__PartialDueIndexes extends BaseJavaMigration {

    /** Index name, table, columns, and the column that is null once nothing is due. */
    static final List<String[]> INDEXES = List.of(
            new String[] {"ix_payment_order_due", "payment_order", "next_check_at, id", "next_check_at"},
            new String[] {"ix_payment_event_observers_due", "payment_event", "observers_next_at, id", "observers_next_at"},
            new String[] {"ix_payment_event_webhook_due", "payment_event", "webhook_next_at, id", "webhook_next_at"});

    @Override
    public boolean canExecuteInTransaction() {
        return false; // CREATE INDEX CONCURRENTLY
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection db = context.getConnection();
        if (!db.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres")) {
            return;
        }
        try (Statement sql = db.createStatement()) {
            for (String[] index : INDEXES) {
                String name = index[0];
                String building = name + "_partial";
                sql.execute("DROP INDEX CONCURRENTLY IF EXISTS " + building); // left invalid by a failed run
                sql.execute("CREATE INDEX CONCURRENTLY " + building + " ON " + index[1] + " (" + index[2] + ") WHERE "
                        + index[3] + " IS NOT NULL");
                sql.execute("DROP INDEX CONCURRENTLY IF EXISTS " + name);
                sql.execute("ALTER INDEX " + building + " RENAME TO " + name);
            }
        }
    }
}
