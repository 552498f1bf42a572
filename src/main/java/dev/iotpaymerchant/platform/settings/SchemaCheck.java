package dev.iotpaymerchant.platform.settings;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * What this node found when it checked the database's schema at deployment (schema.migrate=validate):
 * the version its code needs and the version the database is at. A node whose database is empty,
 * older or newer than its code is not usable: it is not ready, and writes nothing.
 */
@ApplicationScoped
public class SchemaCheck {

    private volatile String expected;
    private volatile String found;

    /** Records the check; {@code found} is null for an empty database (no migration applied). */
    public void checked(String expected, String found) {
        this.expected = expected;
        this.found = found;
    }

    /** Why the schema does not fit this code, naming both versions; empty when it fits or was not checked. */
    public Optional<String> mismatch() {
        if (expected == null || expected.equals(found)) {
            return Optional.empty();
        }
        return Optional.of("the database schema is at version " + (found == null ? "none (an empty database)" : found)
                + ", this code needs version " + expected + ": run the migrations apart (docs/deploying/README.md, "
                + "'Migrations apart') or set schema.migrate=auto");
    }
}
