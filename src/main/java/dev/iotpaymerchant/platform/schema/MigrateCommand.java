package dev.iotpaymerchant.platform.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Runs the schema migrations apart from any deployment, with a user that may run DDL, from the same
 * migrations the WAR carries (SQL and Java, including V8's concurrent index builds, which run outside a
 * transaction as at deployment). For databases whose runtime user has DML only: the nodes then run
 * with {@code schema.migrate=validate}. Usage (docs/deploying/README.md, "Migrations apart"):
 * {@code mvn -Pmigrate -Dmigrate.url=jdbc:postgresql://db:5432/iotpay -Dmigrate.user=iotpay_owner}, with the
 * password in the environment variable {@code MIGRATE_PASSWORD}, never on the command line.
 */
public final class MigrateCommand {

    private MigrateCommand() {
    }

    public static void main(String[] args) {
        if (args.length != 2 || args[0].isBlank()) {
            System.err.println("usage: MigrateCommand <jdbc-url> <user>   (password in MIGRATE_PASSWORD)");
            System.exit(2);
        }
        String password = System.getenv().getOrDefault("MIGRATE_PASSWORD", "");
        Flyway flyway = SchemaMigration.configure(Flyway.configure(MigrateCommand.class.getClassLoader()))
                .dataSource(args[0], args[1], password)
                .load();
        SchemaMigration.Versions before = SchemaMigration.versions(flyway);
        MigrateResult result = flyway.migrate();
        SchemaMigration.Versions after = SchemaMigration.versions(flyway);
        System.out.println("Database schema at version " + after.found() + " (was "
                + (before.found() == null ? "empty" : before.found()) + "; " + result.migrationsExecuted
                + " migrations applied now)");
    }
}
