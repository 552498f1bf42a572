package dev.iotpaymerchant.platform.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The same migrations on PostgreSQL, each test on a database of its own made here. */
@EnabledIfSystemProperty(named = "it.database", matches = "postgresql")
class PostgresSchemaMigrationIT extends SchemaUpgradeChecks {

    private static final String DATABASE = "iotpay_migration_it";

    @BeforeEach
    void freshDatabase() throws SQLException {
        try (Connection admin = DriverManager.getConnection(serverUrl() + "postgres", user(), password());
             Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            sql.execute("CREATE DATABASE " + DATABASE);
        }
    }

    @Test
    void theClaimIndexesHoldOnlyDueRowsAndTheClaimsScanThemWithoutASort() throws SQLException {
        flyway(null).migrate();
        try (Connection db = connect(); Statement sql = db.createStatement()) {
            for (String[] index : V8__PartialDueIndexes.INDEXES) {
                try (ResultSet definition = sql.executeQuery("SELECT indexdef FROM pg_indexes WHERE indexname = '" + index[0] + "'")) {
                    assertTrue(definition.next(), index[0]);
                    assertTrue(definition.getString(1).contains("WHERE (" + index[3] + " IS NOT NULL)"), definition.getString(1));
                }
            }
            // An empty table: ask whether the partial index can serve the claim in order at all
            // (bench/run --scale shows the plan PostgreSQL picks over 100,000 due rows).
            sql.execute("SET enable_seqscan = off");
            sql.execute("SET enable_bitmapscan = off");
            try (ResultSet plan = sql.executeQuery("EXPLAIN SELECT id FROM payment_order WHERE next_check_at <= now()"
                    + " ORDER BY next_check_at, id LIMIT 25 FOR UPDATE SKIP LOCKED")) {
                StringBuilder text = new StringBuilder();
                while (plan.next()) {
                    text.append(plan.getString(1)).append('\n');
                }
                assertTrue(text.toString().contains("Index Scan using ix_payment_order_due"), text.toString());
                assertFalse(text.toString().contains("Sort"), text.toString());
            }
        }
    }

    /** V15 widens the copies of caller data in the catalogue only: the tables keep their files, no row is rewritten. */
    @Test
    void theCopiesOfCallerDataAreWidenedWithoutRewritingATable() throws SQLException {
        flyway("14").migrate();
        java.util.Map<String, Long> before = files();
        flyway(null).migrate();
        assertEquals(before, files(), "each table keeps its file");
        try (Connection db = connect(); Statement sql = db.createStatement();
             ResultSet columns = sql.executeQuery("SELECT table_name, column_name, data_type, character_maximum_length"
                     + " FROM information_schema.columns WHERE (table_name, column_name) IN (('payment_event', 'payload'),"
                     + " ('idempotency_key', 'response_body'), ('checkout', 'metadata'), ('payment_order', 'next_action'))")) {
            int seen = 0;
            while (columns.next()) {
                assertEquals("character varying", columns.getString(3), columns.getString(1));
                assertEquals(null, columns.getObject(4), columns.getString(1) + "." + columns.getString(2) + " has no length");
                seen++;
            }
            assertEquals(4, seen);
        }
    }

    private java.util.Map<String, Long> files() throws SQLException {
        java.util.Map<String, Long> files = new java.util.TreeMap<>();
        try (Connection db = connect(); Statement sql = db.createStatement();
             ResultSet tables = sql.executeQuery("SELECT relname, relfilenode FROM pg_class WHERE relname IN"
                     + " ('payment_event', 'idempotency_key', 'checkout', 'payment_order')")) {
            while (tables.next()) {
                files.put(tables.getString(1), tables.getLong(2));
            }
        }
        assertEquals(4, files.size());
        return files;
    }

    @Override
    String url() {
        return serverUrl() + DATABASE;
    }

    @Override
    String user() {
        return System.getenv("DB_USER");
    }

    @Override
    String password() {
        return System.getenv("DB_PASSWORD");
    }

    private static String serverUrl() {
        return "jdbc:postgresql://" + System.getenv("DB_HOST") + ":" + System.getenv("DB_PORT") + "/";
    }
}
