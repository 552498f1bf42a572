package dev.iotpaymerchant.platform.control;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.BeforeEach;
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
