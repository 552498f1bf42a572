package dev.iotpaymerchant.refunds.control;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.gatewaycalls.control.GatewayCalls;
import dev.iotpaymerchant.gatewaycalls.control.RecordedGateway;
import dev.iotpaymerchant.iotpay.control.IotPaySettings;
import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.platform.observability.Metrics;
import dev.iotpaymerchant.platform.observability.Traces;
import dev.iotpaymerchant.platform.settings.PlatformSettings;
import dev.iotpaymerchant.platform.work.Backoff;
import dev.iotpaymerchant.platform.work.DueRows;
import dev.iotpaymerchant.platform.work.DueWork;
import dev.iotpaymerchant.platform.work.Lease;
import dev.iotpaymerchant.platform.work.WorkClock;
import dev.iotpaymerchant.refunds.entity.Refund;
import dev.iotpaymerchant.refunds.entity.RefundStatus;

/**
 * Settles UNKNOWN and PROCESSING refunds by asking IOTPay, on its own timer on every node
 * ({@code RefundSweepTimer}), on the shared due-work loop ({@link DueWork}): due refunds are
 * claimed under a lease, each is asked about only while the lease still covers the question (the
 * rest is given back), outside any transaction, with back-off. A refund is never sent again: only
 * asked about.
 */
@Stateless
public class RefundSweep {

    private static final Duration MAX_BACKOFF = Duration.ofMinutes(30);
    private static final Logger LOG = LogFields.logger(RefundSweep.class);

    @PersistenceContext
    EntityManager em;

    @Inject
    RefundSweep self;

    @Inject
    RefundLedger ledger;

    @Inject
    IotPaySettings iotpaySettings;

    @Inject
    PlatformSettings platform;

    @Inject
    Metrics metrics;

    @Inject
    WorkClock clock;

    @Inject
    RecordedGateway gateway;

    @Inject
    DueWork work;

    /**
     * One run; returns how many refunds it asked IOTPay about. A node whose settings are unusable
     * claims nothing.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int sweep() {
        return work.run(new Sweep());
    }

    /** What the refund sweep does with each claimed refund; the loop around it is {@link DueWork}'s. */
    private final class Sweep implements DueWork.Kind<String> {

        @Override
        public String name() {
            return "The refund sweep";
        }

        @Override
        public DueWork.Claim<String> claim(int limit) {
            return self.claim(limit);
        }

        @Override
        public Duration each() {
            return iotpaySettings.iotpayDeadline();
        }

        @Override
        public void work(String refundNo, Lease lease) {
            try (Traces.Scope trace = Traces.startTrace("reconcile refund")) {
                check(refundNo);
            }
        }

        @Override
        public void giveBack(List<String> untried, Lease lease, OffsetDateTime now) {
            self.release(untried, now);
        }
    }

    /** Claims up to {@code limit} due refunds (by the database's time) under one lease covering a question about each. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public DueWork.Claim<String> claim(int limit) {
        WorkClock.Reading reading = clock.read(em);
        OffsetDateTime now = reading.at();
        List<Long> ids = DueRows.lock(em, "refund", "next_check_at", now, limit);
        // Asked one after another, each within IOTPay's total deadline: none is due again before the last is asked.
        Lease lease = Lease.covering(reading, ids.size(), iotpaySettings.iotpayDeadline());
        List<String> claimed = new ArrayList<>();
        for (long id : ids) {
            Refund refund = em.find(Refund.class, id);
            OffsetDateTime next = now.plus(Backoff.doubling(refund.getSchedule().checkAttempts(), platform.reconcileInterval(), MAX_BACKOFF));
            refund.getSchedule().claimed(next.isBefore(lease.ends()) ? lease.ends() : next);
            claimed.add(refund.getRefundNo());
        }
        return new DueWork.Claim<>(claimed, lease);
    }

    /** Gives back claimed refunds the sweep did not ask about: due again at {@code now}, the claim not counted. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void release(List<String> refundNos, OffsetDateTime now) {
        for (String refundNo : refundNos) {
            em.createNamedQuery(Refund.BY_NUMBER, Refund.class).setParameter("number", refundNo)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE) // an answer may be being applied to it right now
                    .getResultStream().findFirst().ifPresent(refund -> refund.getSchedule().released(now));
        }
    }

    private void check(String refundNo) {
        try {
            Refund stored = ledger.find(refundNo).orElseThrow();
            RefundStatus before = stored.getStatus();
            String mchOrderNo = stored.getMchOrderNo();
            Refund after = gateway.queryRefund(mchOrderNo, refundNo, GatewayCalls.Cause.sweep, answer -> {
                Refund applied = ledger.apply(refundNo, answer); // committed when it returns
                return new RecordedGateway.Applied<>(applied, applied.getStatus() == before
                        ? "no change (" + before + ")" : "refund " + before + " → " + applied.getStatus());
            });
            if (after.getStatus() != before) {
                metrics.refund(after.getStatus().name());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Settling refund " + refundNo + " failed; the next sweep tries again", e);
        }
    }
}
