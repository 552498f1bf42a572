package dev.iotpaymerchant.refunds.control;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.settings.ComponentSettings;
import dev.iotpaymerchant.platform.settings.Setting;
import dev.iotpaymerchant.platform.settings.Settings;

/** How long the refund sweep waits for IOTPay to know a refund. */
@ApplicationScoped
public class RefundSettings implements ComponentSettings {

    public static final Setting SETTLE_WATCH = Setting.withDefault("refunds", "refunds.settle-watch-hours", "48",
            "how long a refund IOTPay's refund query does not know stays UNKNOWN (or PROCESSING) before it is FAILED, and is"
                    + " then still asked about");

    static final List<Setting> DECLARED = List.of(SETTLE_WATCH);

    @Inject
    Settings settings;

    RefundSettings() {
        // for CDI
    }

    /** Reads through {@code settings} without a container (the unit tests). */
    public RefundSettings(Settings settings) {
        this.settings = settings;
    }

    @Override
    public List<Setting> declared() {
        return DECLARED;
    }

    @Override
    public int reportingRank() {
        return 60;
    }

    /**
     * How long a refund IOTPay's refund query does not know is still asked about before it is
     * FAILED (counted from when it was stored and sent), and how long a refund FAILED that way is
     * then still asked about, so that a late success is recorded.
     */
    public Duration refundSettleWatch() {
        return Duration.ofHours(settings.positiveLong(SETTLE_WATCH));
    }
}
