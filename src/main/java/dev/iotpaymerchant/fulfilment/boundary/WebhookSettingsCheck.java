package dev.iotpaymerchant.fulfilment.boundary;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.iotpaymerchant.fulfilment.control.WebhookSettings;

/**
 * Readiness shows whether this node's webhook settings are the other nodes'. It stays UP when they
 * differ (a rolling deployment that adds a webhook passes through that state), but says so, as the
 * log does at start: events this node writes follow its own settings.
 */
@Readiness
@ApplicationScoped
public class WebhookSettingsCheck implements HealthCheck {

    private volatile WebhookSettings.Comparison last;

    void remember(WebhookSettings.Comparison comparison) {
        last = comparison;
    }

    @Override
    public HealthCheckResponse call() {
        WebhookSettings.Comparison known = last;
        return HealthCheckResponse.named("webhook-settings")
                .withData("webhooks", known == null ? "not compared yet" : known.describe())
                .withData("sameAsOtherNodes", known == null || !known.differs())
                .up().build();
    }
}
