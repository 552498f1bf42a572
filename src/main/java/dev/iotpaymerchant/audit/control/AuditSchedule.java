package dev.iotpaymerchant.audit.control;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.platform.work.DueRows;
import dev.iotpaymerchant.platform.work.DueWork;
import dev.iotpaymerchant.platform.work.Lease;
import dev.iotpaymerchant.platform.work.WorkClock;

/**
 * The scheduled audit's one row ({@code audit_schedule}), claimed like any due work (ADR 0009):
 * the one claim query, a lease on the database's clock that covers a whole run, and a token, so
 * that one node runs it at a time and a run that lost its claim does not move the schedule.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class AuditSchedule {

    @PersistenceContext
    EntityManager em;

    @Inject
    WorkClock clock;

    /** Takes the schedule if it is due (at most one piece: the run), leased for {@code each}. */
    public DueWork.Claim<Integer> claim(Duration each) {
        WorkClock.Reading now = clock.read(em);
        List<Long> due = DueRows.lock(em, "audit_schedule", "next_run_at", now.at(), 1);
        Lease lease = Lease.covering(now, due.size(), each);
        if (!due.isEmpty()) {
            em.createNativeQuery("UPDATE audit_schedule SET next_run_at = ?, claim = ? WHERE id = ?")
                    .setParameter(1, lease.ends()).setParameter(2, lease.token()).setParameter(3, due.get(0).intValue())
                    .executeUpdate();
        }
        return new DueWork.Claim<>(due.stream().map(Long::intValue).toList(), lease);
    }

    /** The next run is due at {@code next}; nothing changes unless the row still carries this claim. */
    public boolean next(int id, String token, OffsetDateTime next) {
        return em.createNativeQuery("UPDATE audit_schedule SET next_run_at = ?, claim = NULL WHERE id = ? AND claim = ?")
                .setParameter(1, next).setParameter(2, id).setParameter(3, token).executeUpdate() == 1;
    }
}
