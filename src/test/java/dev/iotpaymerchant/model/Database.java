package dev.iotpaymerchant.model;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;

import org.flywaydb.core.Flyway;

import dev.iotpaymerchant.platform.schema.SchemaMigration;

/**
 * One in-memory H2 database for all model tests of a JVM, migrated once by the application's own
 * migrations (as at deployment), with the persistence unit of src/test/resources/model/persistence.xml on
 * it. Each generated case starts from empty tables ({@link #empty}).
 */
final class Database {

    static final String URL = "jdbc:h2:mem:model-tests;DB_CLOSE_DELAY=-1";
    private static EntityManagerFactory factory;
    private static List<String> tables;

    private Database() {
    }

    static synchronized EntityManagerFactory factory() {
        if (factory == null) {
            Flyway flyway = SchemaMigration.configure(Flyway.configure(Database.class.getClassLoader()))
                    .dataSource(URL, "sa", "").load();
            flyway.migrate();
            factory = Persistence.createEntityManagerFactory("model", Map.of(
                    "eclipselink.persistencexml", "model/persistence.xml",
                    "jakarta.persistence.jdbc.driver", "org.h2.Driver",
                    "jakarta.persistence.jdbc.url", URL,
                    "jakarta.persistence.jdbc.user", "sa",
                    "jakarta.persistence.jdbc.password", ""));
        }
        return factory;
    }

    /** Deletes every row the application wrote; the schema and its history stay. */
    static synchronized void empty() {
        factory();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            if (tables == null) {
                tables = new ArrayList<>();
                try (ResultSet found = statement.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = 'PUBLIC' AND table_type = 'BASE TABLE'")) {
                    while (found.next()) {
                        String table = found.getString(1);
                        if (!table.equalsIgnoreCase("flyway_schema_history") && !table.equalsIgnoreCase("node_settings")) {
                            tables.add(table);
                        }
                    }
                }
            }
            statement.execute("SET REFERENTIAL_INTEGRITY FALSE");
            for (String table : tables) {
                statement.execute("DELETE FROM \"" + table + "\"");
            }
            statement.execute("SET REFERENTIAL_INTEGRITY TRUE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, "sa", "");
    }
}
