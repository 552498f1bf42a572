package dev.iotpaymerchant.audit.boundary;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import dev.iotpaymerchant.audit.control.AuditSettings;
import dev.iotpaymerchant.audit.control.ScheduledAudit;
import dev.iotpaymerchant.audit.control.SelfAudit;
import dev.iotpaymerchant.platform.control.LogFields;
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
    private static final Logger LOG = LogFields.logger(AuditTimer.class);

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

    @Override
    protected void started() {
        try {
            audit.registerMetrics();
            audit.refreshLastRun();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not read the self-audit's last run; the next tick tries again", e);
        }
    }

    @Override
    protected void runOnce() {
        scheduled.tick();
    }
}
