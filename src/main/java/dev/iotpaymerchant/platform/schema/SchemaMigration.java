package dev.iotpaymerchant.platform.schema;

import java.util.Comparator;
import java.util.Map;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.platform.settings.InvalidSettingException;
import dev.iotpaymerchant.platform.settings.PlatformSettings;
import dev.iotpaymerchant.platform.settings.SchemaCheck;

/**
 * Brings the database to the current schema at deployment, before anything else touches it,
 * with the versioned migrations in {@code db/migration} (the same files for H2 and PostgreSQL) and the
 * Java migrations {@link V7__LargerIdBlocks} and {@link V8__PartialDueIndexes}.
 * A migration that fails stops the deployment: better no backend than one on a half-made schema.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigration {

    private static final Logger LOG = LogFields.logger(SchemaMigration.class);

    /** The WAR's own datasource, never the server's default: the reference declared in WEB-INF/web.xml. */
    @Resource(lookup = "java:comp/env/jdbc/iotpay")
    DataSource dataSource;

    /** The migrations: the SQL files in db/migration, and those that need Java ({@link V7__LargerIdBlocks}, {@link V8__PartialDueIndexes}). */
    public static FluentConfiguration configure(FluentConfiguration flyway) {
        // PostgreSQL: a session advisory lock taken by polling, instead of a transactional one held in
        // an open transaction, which CREATE INDEX CONCURRENTLY (V8) would wait for forever. Other
        // nodes starting meanwhile poll for up to 10 minutes while the indexes are built.
        return flyway.configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                .lockRetryCount(600)
                .locations("classpath:db/migration")
                .javaMigrations(new V7__LargerIdBlocks(), new V8__PartialDueIndexes());
    }

    @Inject
    PlatformSettings settings;

    @Inject
    SchemaCheck check;

    /**
     * As {@code schema.migrate} says: migrate (auto, the default), or only compare the database's
     * version with the code's (validate: for databases whose runtime user may not run DDL, migrated
     * apart by {@link MigrateCommand}), or neither (off).
     */
    @PostConstruct
    void migrate() {
        PlatformSettings.SchemaMigrate mode;
        try {
            mode = settings.schemaMigrate();
        } catch (InvalidSettingException unusable) {
            LOG.severe(unusable.getMessage() + " The schema is left as it is; this node is not ready.");
            return;
        }
        Flyway flyway = configure(Flyway.configure(SchemaMigration.class.getClassLoader())).dataSource(dataSource).load();
        switch (mode) {
            case AUTO -> {
                MigrateResult result = flyway.migrate();
                LOG.info(() -> "Database schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
                        + " migrations applied now)");
            }
            case VALIDATE -> {
                Versions versions = versions(flyway);
                check.checked(versions.expected(), versions.found());
                check.mismatch().ifPresentOrElse(
                        why -> LOG.severe("schema.migrate=validate: " + why + ". This node is not ready and writes nothing."),
                        () -> LOG.info(() -> "Database schema at version " + versions.found() + ", as this code needs "
                                + "(schema.migrate=validate: migrations are run apart)"));
            }
            case OFF -> LOG.warning("schema.migrate=off: the database schema is neither migrated nor checked.");
        }
    }

    /** The version this code's migrations lead to, and the one the database is at (null: none applied). */
    public record Versions(String expected, String found) {
    }

    /** Reads both versions without changing anything (only flyway_schema_history is read). */
    public static Versions versions(Flyway flyway) {
        MigrationInfoService info = flyway.info();
        String expected = java.util.Arrays.stream(info.all())
                .filter(migration -> migration.getState().isResolved()) // this code's, not a newer node's
                .map(MigrationInfo::getVersion).filter(java.util.Objects::nonNull)
                .max(Comparator.naturalOrder()).map(Object::toString).orElse(null);
        MigrationInfo current = info.current();
        return new Versions(expected, current == null || current.getVersion() == null ? null : current.getVersion().toString());
    }
}
