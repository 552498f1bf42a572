package dev.iotpaymerchant.refunds.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.iotpay.control.IotPaySettings;
import dev.iotpaymerchant.platform.work.DueWork;
import dev.iotpaymerchant.platform.work.Lease;
import dev.iotpaymerchant.platform.work.WorkClock;
import dev.iotpaymerchant.platform.work.WorkGate;
import dev.iotpaymerchant.refunds.entity.Refund;

/** The refund sweep on the shared loop, with a fake monotonic clock: it keeps to its lease. */
class RefundSweepLeaseTest {

    private static final OffsetDateTime DB_NOW = OffsetDateTime.parse("2026-12-07T12:00:00Z");
    private static final Duration DEADLINE = Duration.ofSeconds(25);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<String> asked = new ArrayList<>();
    private final List<String> givenBack = new ArrayList<>();
    private final List<OffsetDateTime> givenBackAt = new ArrayList<>();

    @Test
    void whenItsLeaseNoLongerCoversAQuestionTheRefundSweepStopsAndGivesBackTheRestUntried() {
        RefundSweep sweep = new RefundSweep();
        sweep.work = new DueWork(new WorkGate() {
            @Override
            public boolean open() {
                return true;
            }
        }, nanos::get);
        sweep.iotpaySettings = new IotPaySettings(null) {
            @Override
            public Duration iotpayDeadline() {
                return DEADLINE;
            }
        };
        sweep.self = new RefundSweep() {
            @Override
            public DueWork.Claim<String> claim(int limit) {
                // Three refunds under a lease of 5 s + 3 × 25 s = 80 s.
                return new DueWork.Claim<>(List.of("R1", "R2", "R3"),
                        Lease.covering(new WorkClock.Reading(DB_NOW, nanos.get()), 3, DEADLINE));
            }

            @Override
            public void release(List<String> refundNos, OffsetDateTime now) {
                givenBack.addAll(refundNos);
                givenBackAt.add(now);
            }
        };
        sweep.ledger = new RefundLedger() {
            @Override
            public Optional<Refund> find(String refundNo) {
                asked.add(refundNo);
                // The first question stalls for 60 s (a pause, a slow IOTPay): 20 s of the lease are left.
                nanos.addAndGet(Duration.ofSeconds(60).toNanos());
                return Optional.empty();
            }
        };

        assertEquals(1, sweep.sweep(), "one refund asked about");
        assertEquals(List.of("R1"), asked, "no question once the lease would not cover it: another node may hold the refund by then");
        assertEquals(List.of("R2", "R3"), givenBack, "the rest is given back, due again at once");
        assertEquals(List.of(DB_NOW.plusSeconds(60)), givenBackAt, "at the database's time, reckoned from the claim");
    }
}
