package dev.iotpaymerchant.audit.control;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.audit.entity.AuditFinding;
import dev.iotpaymerchant.audit.entity.AuditRun;
import dev.iotpaymerchant.platform.work.Housekeeping;

/**
 * The record of the self-audit's runs and their findings, in the database, so that any node
 * answers the last run. A run is written once, with its findings, in a transaction of its own;
 * runs older than {@link #KEPT} are purged by housekeeping (the latest is always kept).
 */
@Stateless
public class AuditRuns {

    /** The most findings one run keeps to list (all are counted in the run and the metric). */
    public static final int MAX_LISTED = 1000;
    /** How long runs are kept. */
    static final Duration KEPT = Duration.ofDays(30);

    @PersistenceContext
    EntityManager em;

    /** The run that completed last, on any node. */
    public Optional<AuditRun> latest() {
        return em.createNamedQuery(AuditRun.LATEST, AuditRun.class).setMaxResults(1).getResultStream().findFirst();
    }

    /** The listed findings of a run, in the order they were found. */
    public List<AuditFinding> findings(long runId) {
        return em.createNamedQuery(AuditFinding.OF_RUN, AuditFinding.class).setParameter("run", runId)
                .setMaxResults(MAX_LISTED).getResultList();
    }

    /** Writes a run and (up to {@link #MAX_LISTED} of) its findings, committed when this returns. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public AuditRun store(String startedBy, AuditRun.Span span, boolean complete, int ordersChecked, List<Finding> found) {
        AuditRun run = new AuditRun(startedBy, span, complete, ordersChecked, found.size());
        em.persist(run);
        em.flush();
        for (Finding finding : found.subList(0, Math.min(found.size(), MAX_LISTED))) {
            em.persist(new AuditFinding(run.getId(), finding.invariant().label(), finding.subject(), finding.mchOrderNo(),
                    finding.detail()));
        }
        return run;
    }

    /** Removes runs (and, by the foreign key, their findings) older than {@link #KEPT}, but never the latest. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void purge(@Observes Housekeeping housekeeping) {
        OffsetDateTime cutoff = housekeeping.at().minus(KEPT);
        Optional<Long> latest = latest().map(AuditRun::getId);
        em.createNativeQuery("DELETE FROM audit_run WHERE finished_at < ? AND id <> ?")
                .setParameter(1, cutoff).setParameter(2, latest.orElse(-1L)).executeUpdate();
    }
}
