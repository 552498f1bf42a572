package dev.iotpaymerchant.platform.schema;

import java.util.UUID;

/** The migrations on H2, the database Payara Micro embeds by default. */
class SchemaMigrationTest extends SchemaUpgradeChecks {

    private final String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @Override
    String url() {
        return url;
    }

    @Override
    String user() {
        return "sa";
    }

    @Override
    String password() {
        return "";
    }
}
