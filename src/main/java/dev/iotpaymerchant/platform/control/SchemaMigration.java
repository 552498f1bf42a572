package dev.iotpaymerchant.platform.control;

import java.util.Map;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

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

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = "java:comp/DefaultDataSource")
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

    @PostConstruct
    void migrate() {
        MigrateResult result = configure(Flyway.configure(SchemaMigration.class.getClassLoader()))
                .dataSource(dataSource)
                .load()
                .migrate();
        LOG.info(() -> "Database schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
                + " migrations applied now)");
    }
}
