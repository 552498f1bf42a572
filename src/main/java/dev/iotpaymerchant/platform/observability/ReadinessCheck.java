package dev.iotpaymerchant.platform.observability;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.iotpaymerchant.platform.settings.InvalidSettingException;
import dev.iotpaymerchant.platform.settings.SchemaCheck;
import dev.iotpaymerchant.platform.settings.Settings;

/**
 * Ready to take payments: the database answers, its schema is the code's, and every required setting is
 * present and usable. Missing or invalid settings are named, never shown; a schema that does not fit
 * (schema.migrate=validate) is told with the versions expected and found.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    DatabaseProbe database;

    @Inject
    Settings settings;

    @Inject
    SchemaCheck schema;

    @Override
    public HealthCheckResponse call() {
        List<String> invalid = settings.invalid().stream().map(InvalidSettingException::key).toList();
        return evaluate(settings.missingRequired(), invalid, databaseAnswers(), schema.mismatch());
    }

    private boolean databaseAnswers() {
        try {
            return database.answers();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static HealthCheckResponse evaluate(List<String> missingSettings, List<String> invalidSettings, boolean databaseUp,
                                        Optional<String> schemaMismatch) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("iotpay-merchant")
                .withData("database", databaseUp ? "reachable" : "unreachable")
                .withData("missingSettings", String.join(",", missingSettings))
                .withData("invalidSettings", String.join(",", invalidSettings));
        schemaMismatch.ifPresent(why -> response.withData("schema", why));
        return databaseUp && missingSettings.isEmpty() && invalidSettings.isEmpty() && schemaMismatch.isEmpty()
                ? response.up().build() : response.down().build();
    }
}
