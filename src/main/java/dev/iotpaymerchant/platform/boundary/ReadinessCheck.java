package dev.iotpaymerchant.platform.boundary;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.iotpaymerchant.platform.control.DatabaseProbe;
import dev.iotpaymerchant.platform.control.Settings;

/**
 * Ready to take payments: the database answers and every required IOTPay setting is present.
 * Missing settings are named, never shown.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    DatabaseProbe database;

    @Inject
    Settings settings;

    @Override
    public HealthCheckResponse call() {
        return evaluate(settings.missingRequired(), databaseAnswers());
    }

    private boolean databaseAnswers() {
        try {
            return database.answers();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static HealthCheckResponse evaluate(List<String> missingSettings, boolean databaseUp) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("iotpay-merchant")
                .withData("database", databaseUp ? "reachable" : "unreachable")
                .withData("missingSettings", String.join(",", missingSettings));
        return databaseUp && missingSettings.isEmpty() ? response.up().build() : response.down().build();
    }
}
