package dev.iotpaymerchant.audit.control;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.settings.ComponentSettings;
import dev.iotpaymerchant.platform.settings.PlatformSettings;
import dev.iotpaymerchant.platform.settings.Setting;
import dev.iotpaymerchant.platform.settings.Settings;

/** How often the self-audit checks the books, and when a check that has not happened counts as overdue. */
@ApplicationScoped
public class AuditSettings implements ComponentSettings {

    public static final Setting INTERVAL = Setting.withDefault("audit", "audit.interval-minutes", "15",
            "how often the self-audit checks the books (one node at a time); each run reads what changed since the last");

    static final List<Setting> DECLARED = List.of(INTERVAL);

    /** A check this long past its due time is overdue, unless ten sweep intervals are longer. */
    static final Duration OVERDUE_AFTER = Duration.ofMinutes(15);

    @Inject
    Settings settings;

    @Inject
    PlatformSettings platform;

    AuditSettings() {
        // for CDI
    }

    /** Reads through {@code settings} without a container (the unit tests). */
    public AuditSettings(Settings settings, PlatformSettings platform) {
        this.settings = settings;
        this.platform = platform;
    }

    @Override
    public List<Setting> declared() {
        return DECLARED;
    }

    @Override
    public int reportingRank() {
        return 110;
    }

    /** The time between two scheduled runs, on whichever node takes them. */
    public Duration interval() {
        return Duration.ofMinutes(settings.positiveLong(INTERVAL));
    }

    /**
     * How long past its due time a check (of an order or a refund) or a delivery's next try may be
     * before the audit calls it overdue: 15 minutes, or ten sweep intervals if that is longer, so
     * that a sweep's ordinary lag is never a finding.
     */
    public Duration overdueAfter() {
        Duration tenSweeps = platform.reconcileInterval().multipliedBy(10);
        return tenSweeps.compareTo(OVERDUE_AFTER) > 0 ? tenSweeps : OVERDUE_AFTER;
    }
}
