package dev.iotpaymerchant.notifications.control;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.settings.ComponentSettings;
import dev.iotpaymerchant.platform.settings.Setting;
import dev.iotpaymerchant.platform.settings.Settings;

/** How much of what IOTPay sends that we refuse is written down, and for how long. */
@ApplicationScoped
public class NotificationSettings implements ComponentSettings {

    private static final String COMPONENT = "notifications";

    public static final Setting REFUSED_LOG_PER_MINUTE = Setting.withDefault(COMPONENT,
            "notifications.refused-log-per-minute", "600",
            "refused and duplicate notifications written per node and minute; the rest are only counted");
    public static final Setting REFUSED_LOG_PER_SOURCE = Setting.withDefault(COMPONENT,
            "notifications.refused-log-per-source-per-minute", "60",
            "of those, how many one sending address may have written per node and minute");
    public static final Setting RETENTION = Setting.withDefault(COMPONENT, "notifications.retention-days", "90",
            "how long refused and duplicate notifications are kept; applied ones stay");

    static final List<Setting> DECLARED = List.of(REFUSED_LOG_PER_MINUTE, REFUSED_LOG_PER_SOURCE, RETENTION);

    @Inject
    Settings settings;

    NotificationSettings() {
        // for CDI
    }

    /** Reads through {@code settings} without a container (the unit tests). */
    public NotificationSettings(Settings settings) {
        this.settings = settings;
    }

    @Override
    public List<Setting> declared() {
        return DECLARED;
    }

    @Override
    public int reportingRank() {
        return 70;
    }

    /** Refused and duplicate notifications written to the log per minute and node; the rest are only counted. */
    public int refusedLogPerMinute() {
        return (int) Math.min(Integer.MAX_VALUE, settings.positiveLong(REFUSED_LOG_PER_MINUTE));
    }

    /**
     * Of {@link #refusedLogPerMinute()}, how many one sending address may have written per minute and node:
     * a flood from one address leaves the rest of the budget to the others (IOTPay among them).
     */
    public int refusedLogPerSourcePerMinute() {
        return (int) Math.min(Integer.MAX_VALUE, settings.positiveLong(REFUSED_LOG_PER_SOURCE));
    }

    /** How long refused and duplicate notifications are kept; applied ones stay as long as their order. */
    public Duration notificationRetention() {
        return Duration.ofDays(settings.positiveLong(RETENTION));
    }
}
