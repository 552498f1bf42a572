package dev.iotpaymerchant.refunds.control;

import dev.iotpaymerchant.gatewaycalls.control.GatewayCalls;
import dev.iotpaymerchant.gatewaycalls.control.RecordedGateway;

import java.time.Clock;
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
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.platform.control.Backoff;
import dev.iotpaymerchant.platform.control.DueRows;
import dev.iotpaymerchant.platform.control.Lease;
import dev.iotpaymerchant.platform.control.Metrics;
import dev.iotpaymerchant.iotpay.control.IotPaySettings;
import dev.iotpaymerchant.platform.control.PlatformSettings;
import dev.iotpaymerchant.platform.control.WorkGate;
import dev.iotpaymerchant.refunds.entity.Refund;
import dev.iotpaymerchant.platform.control.LogFields;
import dev.iotpaymerchant.refunds.entity.RefundStatus;
import dev.iotpaymerchant.platform.control.Traces;

/**
 * Settles UNKNOWN and PROCESSING refunds by asking IOTPay, on its own timer on every node
 * ({@code RefundSweepTimer}):
 * due refunds are claimed with {@code FOR UPDATE SKIP LOCKED} and asked about outside any
 * transaction, with back-off. A refund is never sent again: only asked about.
 */
@Stateless
public class RefundSweep {

    static final int BATCH = 25;
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
    Clock clock;

    @Inject
    RecordedGateway gateway;

    @Inject
    WorkGate gate;

    /**
     * One run; returns how many refunds it asked IOTPay about. A node whose settings are unusable
     * claims nothing.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int sweep() {
        if (!gate.open()) {
            return 0;
        }
        int checked = 0;
        for (int batch = 0; batch < 40; batch++) {
            List<String> due = self.claim(BATCH);
            due.forEach(refundNo -> {
                try (Traces.Scope trace = Traces.startTrace("reconcile refund")) {
                    check(refundNo);
                }
            });
            checked += due.size();
            if (due.size() < BATCH) {
                break;
            }
        }
        return checked;
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<String> claim(int limit) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Long> ids = DueRows.lock(em, "refund", "next_check_at", now, limit);
        // Asked one after another, each within IOTPay's total deadline: none is due again before the last is asked.
        Lease lease = Lease.covering(now, ids.size(), iotpaySettings.iotpayDeadline());
        List<String> claimed = new ArrayList<>();
        for (long id : ids) {
            Refund refund = em.find(Refund.class, id);
            OffsetDateTime next = now.plus(Backoff.doubling(refund.getSchedule().checkAttempts(), platform.reconcileInterval(), MAX_BACKOFF));
            refund.getSchedule().claimed(next.isBefore(lease.ends()) ? lease.ends() : next);
            claimed.add(refund.getRefundNo());
        }
        return claimed;
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
