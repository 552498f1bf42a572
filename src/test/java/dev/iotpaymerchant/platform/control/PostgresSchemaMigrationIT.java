package dev.iotpaymerchant.platform.control;

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
