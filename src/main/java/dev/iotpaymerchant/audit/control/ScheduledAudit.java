package dev.iotpaymerchant.audit.control;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.platform.work.DueWork;
import dev.iotpaymerchant.platform.work.Lease;
import dev.iotpaymerchant.platform.work.WorkGate;

/**
 * The scheduled self-audit as a kind of due work (ADR 0009): every node asks on its timer, the one
 * that claims the due schedule row runs the audit under a lease that covers a whole run, then sets
 * the next run {@code audit.interval-minutes} later. A node that stops mid-run leaves the row
 * claimed until its lease ends; then any node takes it.
 */
@ApplicationScoped
public class ScheduledAudit implements DueWork.Kind<Integer> {

    /** The most one run may take: its reads are bounded by {@link SelfAudit#ROWS} per source. */
    static final Duration EACH = Duration.ofMinutes(10);

    private static final Logger LOG = LogFields.logger(ScheduledAudit.class);

    @Inject
    DueWork work;

    @Inject
    WorkGate gate;

    @Inject
    AuditSchedule schedule;

    @Inject
    SelfAudit audit;

    @Inject
    AuditSettings settings;

    /**
     * One tick of this node's timer: runs the audit if it is due and this node takes it, then reads
     * the last run's time. Nothing on a node that takes no shared work (its settings, or a schema
     * of another version, are unusable: the audit's tables may not even exist).
     */
    public void tick() {
        if (!gate.open()) {
            return;
        }
        work.run(this);
        audit.refreshLastRun();
    }

    @Override
    public String name() {
        return "The self-audit";
    }

    @Override
    public DueWork.Claim<Integer> claim(int limit) {
        return schedule.claim(EACH);
    }

    @Override
    public Duration each() {
        return EACH;
    }

    @Override
    public void work(Integer id, Lease lease) {
        try {
            audit.run("schedule");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The self-audit failed; it runs again at its next interval", e);
        }
        schedule.next(id, lease.token(), lease.databaseTime(work.nanos()).plus(settings.interval()));
    }

    @Override
    public void giveBack(List<Integer> untried, Lease lease, OffsetDateTime now) {
        untried.forEach(id -> schedule.next(id, lease.token(), now));
    }
}
