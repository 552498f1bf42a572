package dev.iotpaymerchant.platform.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.platform.settings.SchemaCheck;

/**
 * What every supported database must show: a database made by the first migration, holding
 * orders, upgrades to the current schema with its orders intact, and the schema enforces what the
 * state machine promises.
 */
abstract class SchemaUpgradeChecks {

    private static final OffsetDateTime CREATED = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);

    abstract String url();

    abstract String user();

    abstract String password();

    @Test
    void aFirstVersionDatabaseUpgradesWithItsOrdersIntact() throws SQLException {
        flyway("1").migrate();
        try (Connection db = connect()) {
            insertV1Order(db, 50, "MOpaid0000000000000001", "PAID", CREATED.plusMinutes(1));
            insertV1Order(db, 51, "MOpending0000000000001", "PENDING", null);
        }

        assertEquals("18", flyway(null).migrate().targetSchemaVersion);

        try (Connection db = connect(); Statement query = db.createStatement();
             ResultSet rows = query.executeQuery("SELECT mch_order_no, amount, currency, status, paid_at, next_check_at,"
                     + " created_at, check_attempts FROM payment_order ORDER BY id")) {
            assertTrue(rows.next());
            assertEquals("MOpaid0000000000000001", rows.getString(1));
            assertEquals(1999, rows.getLong(2));
            assertEquals("CAD", rows.getString(3));
            assertEquals("PAID", rows.getString(4));
            assertEquals(CREATED.plusMinutes(1).toInstant(), rows.getObject(5, OffsetDateTime.class).toInstant());
            assertNull(rows.getObject(6, OffsetDateTime.class), "a paid order is never due again");
            assertEquals(0, rows.getInt(8));
            assertTrue(rows.next());
            assertEquals("PENDING", rows.getString(4));
            assertEquals(rows.getObject(7, OffsetDateTime.class).toInstant(), rows.getObject(6, OffsetDateTime.class).toInstant(),
                    "an old unsettled order is due for a check at once");
            assertTrue(!rows.next());
        }
    }

    @Test
    void idBlocksOfFiveHundredNeverOverlapTheBlocksOfFiftyTakenBefore() throws SQLException {
        flyway("6").migrate();
        long drawnBefore;
        try (Connection db = connect()) {
            nextValue(db, "received_notification_seq");
            drawnBefore = nextValue(db, "received_notification_seq"); // EclipseLink used the 50 ids up to here
        }

        flyway(null).migrate();

        try (Connection db = connect()) {
            for (String sequence : V7__LargerIdBlocks.SEQUENCES) {
                long first = nextValue(db, sequence);
                assertTrue(first - V7__LargerIdBlocks.BLOCK + 1 > Math.max(drawnBefore, 0), sequence + ": a new block starts above"
                        + " every earlier one, and above zero: " + first);
                assertEquals(first + V7__LargerIdBlocks.BLOCK, nextValue(db, sequence), sequence + " steps by a whole block");
            }
        }
    }

    @Test
    void everyEntityOnALargerBlockSequenceAllocatesExactlyThatBlock() {
        int checked = 0;
        for (Class<?> entity : List.of(dev.iotpaymerchant.orders.entity.PaymentOrder.class,
                dev.iotpaymerchant.notifications.entity.ReceivedNotification.class,
                dev.iotpaymerchant.fulfilment.entity.OutboxEvent.class, dev.iotpaymerchant.gatewaycalls.entity.GatewayCall.class)) {
            for (java.lang.reflect.Field field : entity.getDeclaredFields()) {
                jakarta.persistence.SequenceGenerator generator = field.getAnnotation(jakarta.persistence.SequenceGenerator.class);
                if (generator != null) {
                    assertTrue(V7__LargerIdBlocks.SEQUENCES.contains(generator.sequenceName()), generator.sequenceName());
                    assertEquals(V7__LargerIdBlocks.BLOCK, generator.allocationSize(), entity.getSimpleName());
                    checked++;
                }
            }
        }
        assertEquals(V7__LargerIdBlocks.SEQUENCES.size(), checked);
    }

    private static long nextValue(Connection db, String sequence) throws SQLException {
        boolean postgres = db.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        try (Statement query = db.createStatement(); ResultSet value = query.executeQuery(postgres
                ? "SELECT nextval('" + sequence + "')" : "SELECT NEXT VALUE FOR " + sequence)) {
            value.next();
            return value.getLong(1);
        }
    }

    @Test
    void anAttemptPaidAfterCloseThatPaidItsCheckoutLeavesTheReviewQueueOnUpgradeAndNoOtherDoes() throws SQLException {
        flyway("14").migrate();
        try (Connection db = connect(); Statement update = db.createStatement()) {
            insertOrder(db, 100, "MOlate00000000000000001", "PAID_AFTER_CLOSE", CREATED, null);
            insertOrder(db, 101, "MOlate00000000000000002", "PAID_AFTER_CLOSE", CREATED, null);
            insertOrder(db, 102, "MOlate00000000000000003", "PAID_AFTER_CLOSE", CREATED, null);
            update.executeUpdate("INSERT INTO checkout (checkout_id, status, amount, currency, subject, body, request_hash,"
                    + " metadata, created_at, expires_at, settled_at, paid_order_no, version) VALUES ('COpaid', 'PAID', 1999,"
                    + " 'CAD', 'Tea', 'Tea', 'h', '{}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP,"
                    + " 'MOlate00000000000000001', 1)");
            update.executeUpdate("UPDATE payment_order SET checkout_id = 'COpaid' WHERE id IN (100, 101)");
        }

        flyway(null).migrate();

        try (Connection db = connect(); Statement query = db.createStatement();
             ResultSet rows = query.executeQuery("SELECT r.mch_order_no, r.status, r.resolved_by, o.status"
                     + " FROM review_resolution r JOIN payment_order o ON o.mch_order_no = r.mch_order_no")) {
            assertTrue(rows.next());
            assertEquals("MOlate00000000000000001", rows.getString(1), "it paid its checkout");
            assertEquals("PAID_AFTER_CLOSE", rows.getString(2));
            assertTrue(rows.getString(3).startsWith("system"), rows.getString(3));
            assertEquals("PAID_AFTER_CLOSE", rows.getString(4), "what happened to it stays on record");
            assertTrue(!rows.next(), "an extra payment of a checkout, and an order of its own, still wait for a person");
        }
    }

    @Test
    void theSchemaRefusesImpossibleOrders() throws SQLException {
        flyway(null).migrate();
        try (Connection db = connect()) {
            assertThrows(SQLException.class, () -> insertOrder(db, 60, "MObad00000000000000001", "SHIPPED", null),
                    "an unknown status");
            assertThrows(SQLException.class, () -> insertOrder(db, 61, "MObad00000000000000002", "PAID", null),
                    "paid without a time");
            insertOrder(db, 62, "MOgood0000000000000001", "PENDING", null);
            assertThrows(SQLException.class, () -> insertOrder(db, 63, "MOgood0000000000000001", "PENDING", null),
                    "a second order with the same number");
            assertThrows(SQLException.class, () -> insertOrder(db, 64, "MObad00000000000000004", "PAID", CREATED, CREATED),
                    "a paid order still due for a check");
            assertThrows(SQLException.class, () -> insertOrder(db, 65, "MObad00000000000000005", "UNKNOWN", null, null),
                    "an unsettled order nobody will ever check");
            insertOrder(db, 66, "MOgood0000000000000002", "NEEDS_REVIEW", null, null);
        }
    }

    @Test
    void theDatabaseNeverLetsRefundsExceedThePayment() throws SQLException {
        flyway(null).migrate();
        try (Connection db = connect(); Statement update = db.createStatement()) {
            insertOrder(db, 80, "MOrefund00000000000001", "PAID", CREATED, null);
            update.executeUpdate("UPDATE payment_order SET refund_reserved = 1999 WHERE id = 80");
            assertThrows(SQLException.class, () -> update.executeUpdate(
                    "UPDATE payment_order SET refund_reserved = 2000 WHERE id = 80"), "more than the amount");
            assertThrows(SQLException.class, () -> update.executeUpdate(
                    "UPDATE payment_order SET refunded_amount = 2000 WHERE id = 80"), "refunded more than reserved");
        }
    }

    @Test
    void onlyRefundsIotPayMadeAfterTheyHadFailedMayTakeAnOrderBeyondItsPayment() throws SQLException {
        flyway(null).migrate();
        try (Connection db = connect(); Statement update = db.createStatement()) {
            insertOrder(db, 82, "MOrefund00000000000002", "PAID", CREATED, null);
            assertThrows(SQLException.class, () -> update.executeUpdate(
                    "UPDATE payment_order SET refund_reserved = 2999, refunded_amount = 2999 WHERE id = 82"),
                    "beyond the payment without a late refund");
            update.executeUpdate("UPDATE payment_order SET refund_reserved = 2999, refunded_amount = 2999,"
                    + " late_refunded_amount = 1000 WHERE id = 82");
            assertThrows(SQLException.class, () -> update.executeUpdate(
                    "UPDATE payment_order SET refund_reserved = 3000 WHERE id = 82"), "beyond payment and late refunds");
            assertThrows(SQLException.class, () -> update.executeUpdate(
                    "UPDATE payment_order SET late_refunded_amount = 3000 WHERE id = 82"), "late refunds are refunds");
            assertThrows(SQLException.class, () -> update.executeUpdate(
                    "UPDATE payment_order SET over_refund_resolved = 3000 WHERE id = 82"), "resolved more than refunded");
        }
    }

    @Test
    void onlyAnOpenRefundOrAFailedOneStillWatchedIsDue() throws SQLException {
        flyway(null).migrate();
        try (Connection db = connect()) {
            insertOrder(db, 83, "MOrefund00000000000003", "PAID", CREATED, null);
            insertRefund(db, 90, "UNKNOWN", CREATED, null);
            insertRefund(db, 91, "FAILED", null, null);
            insertRefund(db, 92, "FAILED", CREATED, CREATED.plusHours(48));
            assertThrows(SQLException.class, () -> insertRefund(db, 93, "UNKNOWN", null, null), "open and never asked about");
            assertThrows(SQLException.class, () -> insertRefund(db, 94, "FAILED", CREATED, null), "failed and due, unwatched");
            assertThrows(SQLException.class, () -> insertRefund(db, 95, "SUCCEEDED", CREATED, null), "succeeded and due");
            assertThrows(SQLException.class, () -> insertRefund(db, 96, "UNKNOWN", CREATED, CREATED), "an open refund watched");
        }
    }

    private static void insertRefund(Connection db, long id, String status, OffsetDateTime nextCheckAt,
                                     OffsetDateTime watchUntil) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO refund (id, refund_no, mch_order_no, amount,"
                + " currency, status, created_at, updated_at, succeeded_at, next_check_at, check_attempts, version,"
                + " watch_until) VALUES (?, ?, 'MOrefund00000000000003', 100, 'CAD', ?, ?, ?, ?, ?, 0, 1, ?)")) {
            insert.setLong(1, id);
            insert.setString(2, "RF" + id);
            insert.setString(3, status);
            insert.setObject(4, CREATED);
            insert.setObject(5, CREATED);
            insert.setObject(6, "SUCCEEDED".equals(status) ? CREATED : null);
            insert.setObject(7, nextCheckAt);
            insert.setObject(8, watchUntil);
            insert.executeUpdate();
        }
    }

    @Test
    void theOutboxKeepsOneDueTimePerPendingDestination() throws SQLException {
        flyway(null).migrate();
        try (Connection db = connect()) {
            insertEvent(db, 70, "evt_a", "PENDING", CREATED, "PENDING", CREATED);
            insertEvent(db, 71, "evt_b", "DELIVERED", null, "SKIPPED", null);
            assertThrows(SQLException.class, () -> insertEvent(db, 72, "evt_a", "PENDING", CREATED, "PENDING", CREATED),
                    "an event id twice");
            assertThrows(SQLException.class, () -> insertEvent(db, 73, "evt_c", "DELIVERED", CREATED, "PENDING", CREATED),
                    "a delivered destination still due");
            assertThrows(SQLException.class, () -> insertEvent(db, 74, "evt_d", "PENDING", CREATED, "PENDING", null),
                    "a pending destination never due");
            assertThrows(SQLException.class, () -> insertEvent(db, 75, "evt_e", "SENT", null, "PENDING", CREATED),
                    "an unknown delivery state");
        }
    }

    /**
     * A copy of what a caller sent is never longer than its column: the largest checkout's metadata,
     * JSON-escaped (six characters for a control character), copied with every attempt into events and
     * stored answers, is far beyond the 8,000 and 16,000 characters these columns had.
     */
    @Test
    void everyCopyOfCallerDataTakesFarMoreThanTheLargestRequestMakes() throws SQLException {
        flyway(null).migrate();
        String copy = LARGEST_COPY;
        try (Connection db = connect(); Statement update = db.createStatement()) {
            insertEvent(db, 76, "evt_large", "PENDING", CREATED, "PENDING", CREATED);
            insertOrder(db, 84, "MOlarge000000000000001", "PENDING", null);
            try (PreparedStatement large = db.prepareStatement("UPDATE payment_event SET payload = ? WHERE id = 76")) {
                large.setString(1, copy);
                assertEquals(1, large.executeUpdate());
            }
            try (PreparedStatement large = db.prepareStatement("UPDATE payment_order SET next_action = ? WHERE id = 84")) {
                large.setString(1, copy);
                assertEquals(1, large.executeUpdate());
            }
            try (PreparedStatement large = db.prepareStatement("INSERT INTO idempotency_key (idempotency_key, request_hash,"
                    + " response_status, response_body, created_at, version) VALUES ('k-large', 'h', 201, ?, ?, 1)")) {
                large.setString(1, copy);
                large.setObject(2, CREATED);
                large.executeUpdate();
            }
            try (PreparedStatement large = db.prepareStatement("INSERT INTO checkout (checkout_id, status, amount, currency,"
                    + " subject, body, request_hash, metadata, created_at, expires_at, version)"
                    + " VALUES ('COlarge', 'OPEN', 100, 'CAD', 's', 'b', 'h', ?, ?, ?, 1)")) {
                large.setString(1, copy);
                large.setObject(2, CREATED);
                large.setObject(3, CREATED);
                large.executeUpdate();
            }
            for (String read : List.of("SELECT payload FROM payment_event WHERE id = 76",
                    "SELECT next_action FROM payment_order WHERE id = 84",
                    "SELECT response_body FROM idempotency_key WHERE idempotency_key = 'k-large'",
                    "SELECT metadata FROM checkout WHERE checkout_id = 'COlarge'")) {
                try (ResultSet row = update.executeQuery(read)) {
                    assertTrue(row.next());
                    assertEquals(copy, row.getString(1), read);
                }
            }
            assertThrows(SQLException.class, () -> update.executeUpdate("UPDATE payment_event SET payload = NULL WHERE id = 76"),
                    "an event still has a payload");
            assertThrows(SQLException.class, () -> update.executeUpdate("UPDATE checkout SET metadata = NULL"),
                    "a checkout still has its metadata");
        }
    }

    /** 192,000 characters: JSON escapes, four-byte characters (two UTF-16 units each) and plain text. */
    static final String LARGEST_COPY = "{\"k\":\"\\u0001\\\"\\\\\\n\uD83D\uDE00\u00e9\u4e2d\"}".repeat(8_000);

    private static void insertEvent(Connection db, long id, String eventId, String observersState, OffsetDateTime observersNext,
                                    String webhookState, OffsetDateTime webhookNext) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO payment_event (id, event_id, type, mch_order_no,"
                + " payload, created_at, observers_state, observers_attempts, observers_next_at, webhook_state,"
                + " webhook_attempts, webhook_next_at, version) VALUES (?, ?, 'payment.succeeded', 'MOx', '{}', ?, ?, 0, ?, ?, 0, ?, 1)")) {
            insert.setLong(1, id);
            insert.setString(2, eventId);
            insert.setObject(3, CREATED);
            insert.setString(4, observersState);
            insert.setObject(5, observersNext);
            insert.setString(6, webhookState);
            insert.setObject(7, webhookNext);
            insert.executeUpdate();
        }
    }

    @Test
    void anIdempotencyKeyClaimedBeforeClaimTokensGetsOneAndNewKeysNeedOne() throws SQLException {
        flyway("14").migrate();
        try (Connection db = connect(); PreparedStatement insert = db.prepareStatement("INSERT INTO idempotency_key"
                + " (idempotency_key, request_hash, created_at, version) VALUES ('old-key', 'h', ?, 0)")) {
            insert.setObject(1, CREATED);
            insert.executeUpdate();
        }

        flyway(null).migrate();

        try (Connection db = connect(); Statement query = db.createStatement()) {
            try (ResultSet rows = query.executeQuery("SELECT claim_token FROM idempotency_key WHERE idempotency_key = 'old-key'")) {
                assertTrue(rows.next());
                assertEquals("before-v16", rows.getString(1), "a claim from before is fenced by a token too");
            }
            assertThrows(SQLException.class, () -> query.executeUpdate("UPDATE idempotency_key SET claim_token = NULL"),
                    "every claim has a token");
        }
    }

    @Test
    void validationNamesTheVersionsOfAnEmptyAnOlderAndACurrentDatabaseAndChangesNothing() throws SQLException {
        assertEquals(new SchemaMigration.Versions("18", null), SchemaMigration.versions(flyway(null)), "an empty database");
        flyway("13").migrate();
        assertEquals(new SchemaMigration.Versions("18", "13"), SchemaMigration.versions(flyway(null)), "an older one");
        SchemaCheck check = new SchemaCheck();
        check.checked("18", "13");
        assertTrue(check.mismatch().orElseThrow().contains("at version 13, this code needs version 18"));
        try (Connection db = connect(); Statement query = db.createStatement();
             ResultSet rows = query.executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '18'")) {
            rows.next();
            assertEquals(0, rows.getInt(1), "validating migrated nothing");
        }
        MigrateCommand.main(new String[] {url(), user()}); // the migrations run apart, as a DBA would
        assertEquals(new SchemaMigration.Versions("18", "18"), SchemaMigration.versions(flyway(null)), "migrated apart");
        check.checked("18", "18");
        assertTrue(check.mismatch().isEmpty());
    }

    /**
     * The Java migrations moved from {@code platform.control} to {@code platform.schema} (#33). A database
     * migrated before keeps the old class names in {@code script}; Flyway validates version, description,
     * type and checksum, not the script, so such a database validates and has nothing left to migrate.
     */
    @Test
    void aDatabaseMigratedWhileTheJavaMigrationsLivedInPlatformControlStillValidates() throws SQLException {
        flyway(null).migrate();
        try (Connection db = connect(); Statement update = db.createStatement()) {
            assertEquals(2, update.executeUpdate("UPDATE \"flyway_schema_history\" SET \"script\" = "
                    + "REPLACE(\"script\", '.platform.schema.', '.platform.control.') WHERE \"script\" LIKE '%.platform.schema.V%'"),
                    "V7 and V8, as an earlier deployment recorded them");
        }
        flyway(null).validate();
        assertEquals(0, flyway(null).migrate().migrationsExecuted);
    }

    Flyway flyway(String target) {
        var configuration = SchemaMigration.configure(Flyway.configure()).dataSource(url(), user(), password())
                .cleanDisabled(false);
        if (target != null) {
            configuration.target(target);
        }
        return configuration.load();
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user(), password());
    }

    private static void insertV1Order(Connection db, long id, String number, String status, OffsetDateTime paidAt)
            throws SQLException {
        insert(db, false, id, number, status, paidAt);
    }

    /** An unsettled order as the current schema knows it: due for a check. */
    private static void insertOrder(Connection db, long id, String number, String status, OffsetDateTime paidAt)
            throws SQLException {
        insertOrder(db, id, number, status, paidAt, CREATED);
    }

    private static void insertOrder(Connection db, long id, String number, String status, OffsetDateTime paidAt,
                                    OffsetDateTime nextCheckAt) throws SQLException {
        insert(db, true, id, number, status, paidAt, nextCheckAt);
    }

    private static void insert(Connection db, boolean current, long id, String number, String status,
                               OffsetDateTime paidAt) throws SQLException {
        insert(db, current, id, number, status, paidAt, null);
    }

    /** An order row as the first schema ({@code current} false) or the current one knows it. */
    private static void insert(Connection db, boolean current, long id, String number, String status,
                               OffsetDateTime paidAt, OffsetDateTime nextCheckAt) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO payment_order (id, mch_order_no, channel, amount,"
                + " currency, status, subject, body, client_ip, created_at, updated_at, paid_at, version"
                + (current ? ", next_check_at" : "") + ")"
                + " VALUES (?, ?, 'WX_APP', 1999, 'CAD', ?, 'Tea', 'A cup of tea', '203.0.113.9', ?, ?, ?, 1"
                + (current ? ", ?" : "") + ")")) {
            insert.setLong(1, id);
            insert.setString(2, number);
            insert.setString(3, status);
            insert.setObject(4, CREATED);
            insert.setObject(5, CREATED);
            insert.setObject(6, paidAt);
            if (current) {
                insert.setObject(7, nextCheckAt);
            }
            insert.executeUpdate();
        }
    }
}
