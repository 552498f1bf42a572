package dev.iotpaymerchant.idempotency.control;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.settings.ComponentSettings;
import dev.iotpaymerchant.platform.settings.Setting;
import dev.iotpaymerchant.platform.settings.Settings;

/** How long Idempotency-Keys are kept. (The key's name predates this component and stays as it is.) */
@ApplicationScoped
public class IdempotencySettings implements ComponentSettings {

    public static final Setting RETENTION = Setting.withDefault("idempotency", "orders.idempotency-retention-hours", "24",
            "how long an Idempotency-Key is kept (at least 24 hours)");

    static final List<Setting> DECLARED = List.of(RETENTION);

    @Inject
    Settings settings;

    IdempotencySettings() {
        // for CDI
    }

    /** Reads through {@code settings} without a container (the unit tests). */
    public IdempotencySettings(Settings settings) {
        this.settings = settings;
    }

    @Override
    public List<Setting> declared() {
        return DECLARED;
    }

    @Override
    public int reportingRank() {
        return 40;
    }

    /** How long an Idempotency-Key and its stored answer are kept (at least 24 hours). */
    public Duration retention() {
        return Duration.ofHours(Math.max(24, settings.positiveLong(RETENTION)));
    }
}
