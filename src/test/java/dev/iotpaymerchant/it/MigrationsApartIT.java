package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.getFrom;
import static dev.iotpaymerchant.it.Backend.json;
import static dev.iotpaymerchant.it.Backend.postTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.iotpaymerchant.platform.schema.MigrateCommand;

/**
 * A database whose runtime user may not run DDL (issue #21): the owner migrates it apart with the
 * migrate command, and the backend runs as a DML-only user with schema.migrate=validate. Before the
 * migrations, such a node is not ready, names the versions, and writes nothing; after them, it takes
 * and settles a payment. The grants are the ones docs/deploying/README.md lists.
 */
@EnabledIfSystemProperty(named = "it.database", matches = "postgresql")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationsApartIT {

    private static final String DATABASE = "iotpay_dml";
    private static final int PORT = 18094;
    private static Path war;

    @BeforeAll
    static void emptyDatabaseAndRoles() throws Exception {
        try (Connection admin = connect("postgres", System.getenv("DB_USER")); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            for (String role : List.of("iotpay_owner", "iotpay_app")) {
                sql.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN "
                        + "CREATE ROLE " + role + " LOGIN; END IF; END $$");
            }
            sql.execute("CREATE DATABASE " + DATABASE + " OWNER iotpay_owner");
        }
        war = PayaraNode.export(Backend.war(), "migrations-apart");
    }

    @Test
    @Order(1)
    void onAnEmptyDatabaseAValidatingNodeIsNotReadyNamesTheVersionsAndWritesNothing() throws Exception {
        try (PayaraNode node = node()) {
            PayaraNode.startFresh(node);
            HttpResponse<String> ready = getFrom(node.base(), "/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("none (an empty database)") && ready.body().contains("needs version 18"),
                    ready.body());
            HttpResponse<String> refused = postTo(node.base(), "/api/orders", "application/json",
                    "{\"channelId\":\"WX_APP\",\"amount\":100}");
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("SCHEMA_MIGRATE"), refused.body());
        }
        try (Connection owner = connect(DATABASE, "iotpay_owner"); Statement sql = owner.createStatement();
             ResultSet tables = sql.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            tables.next();
            assertEquals(0, tables.getInt(1), "the runtime user created nothing");
        }
    }

    @Test
    @Order(2)
    void migratedApartTheBackendTakesAPaymentAsADmlOnlyUser() throws Exception {
        MigrateCommand.main(new String[] {url(DATABASE), "iotpay_owner"});
        try (Connection owner = connect(DATABASE, "iotpay_owner"); Statement sql = owner.createStatement()) {
            sql.execute("GRANT CONNECT ON DATABASE " + DATABASE + " TO iotpay_app");
            sql.execute("GRANT USAGE ON SCHEMA public TO iotpay_app");
            sql.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO iotpay_app");
            sql.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO iotpay_app");
        }
        try (Connection app = connect(DATABASE, "iotpay_app"); Statement sql = app.createStatement()) {
            assertThrows(SQLException.class, () -> sql.execute("CREATE TABLE not_allowed (id INT)"), "DML only");
        }

        try (PayaraNode node = node()) {
            PayaraNode.startFresh(node);
            HttpResponse<String> ready = getFrom(node.base(), "/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            HttpResponse<String> created = postTo(node.base(), "/api/orders", "application/json",
                    "{\"channelId\":\"WX_NATIVE\",\"amount\":700}");
            assertEquals(201, created.statusCode(), created.body());
            String number = json(created).getString("mchOrderNo");
            String wallet = json(created).getJsonObject("nextAction").getString("content");
            assertEquals(200, postTo(wallet, "/pay", "application/x-www-form-urlencoded", "").statusCode());
            HttpResponse<String> paid = getFrom(node.base(), "/api/orders/" + number + "?wait=20&known=PENDING");
            assertEquals("PAID", json(paid).getString("status"), paid.body());
            Backend.dispatch(node.base());
            Backend.sweep(node.base());
        }
    }

    private static PayaraNode node() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DB_NAME", DATABASE);
        env.put("DB_USER", "iotpay_app");
        env.put("SCHEMA_MIGRATE", "validate");
        env.put("IOTPAY_API_URL", "http://localhost:" + PORT + "/sandbox/v1");
        env.put("IOTPAY_NOTIFY_URL", "http://localhost:" + PORT + "/api/notify");
        return new PayaraNode("node-dml-only", war, PORT, env,
                List.of("--addLibs", new File("target/it/postgresql.jar").getAbsolutePath(), "--postbootcommandfile",
                        new File("server-config/payara-micro/postgresql.asadmin").getAbsolutePath()));
    }

    private static String url(String database) {
        return "jdbc:postgresql://" + System.getenv("DB_HOST") + ":" + System.getenv("DB_PORT") + "/" + database;
    }

    private static Connection connect(String database, String user) throws SQLException {
        return DriverManager.getConnection(url(database), user, System.getenv("DB_PASSWORD")); // trust auth here
    }
}
