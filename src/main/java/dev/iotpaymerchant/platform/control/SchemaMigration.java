package dev.iotpaymerchant.platform.control;

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
 * with the versioned migrations in {@code db/migration} (the same files for H2 and PostgreSQL) and
 * {@link V7__LargerIdBlocks}.
 * A migration that fails stops the deployment: better no backend than one on a half-made schema.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    /** The migrations: the SQL files in db/migration, and the one that needs Java ({@link V7__LargerIdBlocks}). */
    public static FluentConfiguration configure(FluentConfiguration flyway) {
        return flyway.locations("classpath:db/migration").javaMigrations(new V7__LargerIdBlocks());
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
