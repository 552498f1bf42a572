package dev.iotpaymerchant.platform.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Schema version 7 (issue #11): the ids of the rows written on every order, notification, event
 * and IOTPay call are taken in blocks of 500 instead of 50. EclipseLink fetches a new block under a
 * JVM-wide lock, on a connection of its own from the same pool; with every pooled connection busy,
 * each fetch stalled the writers queued behind it (bench/results/2026-11-27-tuning.md).
 *
 * <p>In Java rather than SQL because {@code ALTER SEQUENCE ... INCREMENT BY} alone is not safe:
 * H2 keeps handing out its cached values of the old increment, so EclipseLink's next block
 * would overlap ids already used. Instead each sequence restarts well above the value drawn
 * here, with the new increment. A node still running the previous WAR (blocks of 50) during a
 * rolling upgrade uses the 50 ids below each value it draws: every draw is unique, and the
 * restart skips far past anything drawn while this runs, so no two blocks overlap.
 */
@SuppressWarnings("checkstyle:TypeName") // Flyway reads the version from the class name
public class V7__LargerIdBlocks extends BaseJavaMigration {

    /** EclipseLink's block size: every {@code allocationSize} of these sequences must be this. */
    public static final int BLOCK = 500;
    static final List<String> SEQUENCES = List.of("payment_order_seq", "received_notification_seq",
            "payment_event_seq", "gateway_call_seq");
    /** Far more than other nodes can draw while this migration runs. */
    private static final long SKIP = 1_000_000;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection db = context.getConnection();
        boolean postgres = db.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        try (Statement sql = db.createStatement()) {
            for (String sequence : SEQUENCES) {
                long drawn;
                try (ResultSet value = sql.executeQuery(postgres ? "SELECT nextval('" + sequence + "')"
                        : "SELECT NEXT VALUE FOR " + sequence)) {
                    value.next();
                    drawn = value.getLong(1);
                }
                // The next value drawn is restart; EclipseLink uses the BLOCK ids ending there.
                long restart = drawn + SKIP + BLOCK;
                sql.execute("ALTER SEQUENCE " + sequence + " RESTART WITH " + restart + " INCREMENT BY " + BLOCK);
            }
        }
    }
}
