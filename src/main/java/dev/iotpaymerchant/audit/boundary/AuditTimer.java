package dev.iotpaymerchant.audit.boundary;

import java.time.Duration;

import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import dev.iotpaymerchant.audit.control.AuditSettings;
import dev.iotpaymerchant.audit.control.ScheduledAudit;
import dev.iotpaymerchant.audit.control.SelfAudit;
import dev.iotpaymerchant.platform.work.IntervalTimer;

/**
 * Asks every minute on every node whether the scheduled self-audit is due ({@code
 * audit.interval-minutes} after the last scheduled run); the node that claims it runs it. Each tick also reads when the last
 * run completed, so every node's {@code audit_last_run_seconds} says the cluster's last run.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AuditTimer extends IntervalTimer {

    private static final Duration TICK = Duration.ofMinutes(1);

    @Inject
    AuditSettings settings;

    @Inject
    ScheduledAudit scheduled;

    @Inject
    SelfAudit audit;

    @Override
    protected String name() {
        return "self-audit";
    }

    @Override
    protected Duration interval() {
        settings.interval(); // an unusable setting fails the deployment here, as every timer's does
        return TICK;
    }

    /** Every series of audit_violations_total exists from the start; the last run's time is read at the first tick. */
    @Override
    protected void started() {
        audit.registerMetrics();
    }

    @Override
    protected void runOnce() {
        scheduled.tick();
    }
}
