package dev.iotpaymerchant.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

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

        assertEquals("2", flyway(null).migrate().targetSchemaVersion);

        try (Connection db = connect(); Statement query = db.createStatement();
             ResultSet rows = query.executeQuery("SELECT mch_order_no, amount, currency, status, paid_at, next_check_at,"
                     + " created_at, check_attempts FROM payment_order ORDER BY id")) {
            assertTrue(rows.next());
            assertEquals("MOpaid0000000000000001", rows.getString(1));
            assertEquals(1999, rows.getLong(2));
            assertEquals("CAD", rows.getString(3));
            assertEquals("PAID", rows.getString(4));
            assertEquals(CREATED.plusMinutes(1).toInstant(), rows.getObject(5, OffsetDateTime.class).toInstant());
            assertEquals(rows.getObject(7, OffsetDateTime.class).toInstant(), rows.getObject(6, OffsetDateTime.class).toInstant(),
                    "an old order is due for a check at once");
            assertEquals(0, rows.getInt(8));
            assertTrue(rows.next());
            assertEquals("PENDING", rows.getString(4));
            assertTrue(!rows.next());
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
        }
    }

    private Flyway flyway(String target) {
        var configuration = Flyway.configure().dataSource(url(), user(), password()).locations("classpath:db/migration")
                .cleanDisabled(false);
        if (target != null) {
            configuration.target(target);
        }
        return configuration.load();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user(), password());
    }

    private static void insertV1Order(Connection db, long id, String number, String status, OffsetDateTime paidAt)
            throws SQLException {
        insert(db, false, id, number, status, paidAt);
    }

    private static void insertOrder(Connection db, long id, String number, String status, OffsetDateTime paidAt)
            throws SQLException {
        insert(db, true, id, number, status, paidAt);
    }

    /** An order row as the first schema ({@code current} false) or the current one knows it. */
    private static void insert(Connection db, boolean current, long id, String number, String status,
                               OffsetDateTime paidAt) throws SQLException {
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
                insert.setObject(7, CREATED);
            }
            insert.executeUpdate();
        }
    }
}
