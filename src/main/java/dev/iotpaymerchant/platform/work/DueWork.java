package dev.iotpaymerchant.platform.work;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.observability.LogFields;

/**
 * The one loop every kind of due work runs (the order sweep, the refund sweep, both outbox
 * destinations, checkout expiry, the scheduled self-audit): on a usable node only ({@link
 * WorkGate}), claim a batch under a lease, check before each piece that the rest of the lease
 * still covers it, give back what it
 * would not cover (due at once, the attempt not counted), let the kind record each outcome under
 * the claim's token, and stop after {@link #MAX_BATCHES} batches or a short one. Each kind keeps its
 * business logic in its {@link Kind}; the loop, the batch size, the lease checks and the gate are
 * here, so the kinds cannot drift apart again.
 */
@ApplicationScoped
public class DueWork {

    /** How many rows one claim takes. */
    public static final int BATCH = 25;
    /** A run stops after this many batches and leaves the rest to the next run. */
    public static final int MAX_BATCHES = 40;

    private static final Logger LOG = LogFields.logger(DueWork.class);

    @Inject
    WorkGate gate;

    /** The node's monotonic clock; a fake one in unit tests. */
    LongSupplier nanos = System::nanoTime;

    DueWork() {
        // for CDI
    }

    /** The loop without a container, on the given gate and monotonic clock: for the unit tests of each kind. */
    public DueWork(WorkGate gate, LongSupplier nanos) {
        this.gate = gate;
        this.nanos = nanos;
    }

    /** A claimed batch: the pieces of work, and the lease they were claimed under. */
    public record Claim<T>(List<T> pieces, Lease lease) {
    }

    /** One kind of due work: what the loop asks of it. */
    public interface Kind<T> {

        /** For the log: what this work is ("the order sweep"). */
        String name();

        /** Claims up to {@code limit} due pieces in a short transaction of its own, under one lease ({@link WorkClock}'s time). */
        Claim<T> claim(int limit);

        /** The most one piece may take, recording its outcome included: what the lease must still cover before it starts. */
        Duration each();

        /** Does one piece and records its outcome, under the lease's token where the outcome depends on holding the claim. */
        void work(T piece, Lease lease);

        /**
         * Gives back pieces the run will not work on: due again at {@code now} (the database's time,
         * estimated from the lease), their attempt not counted.
         */
        void giveBack(List<T> untried, Lease lease, OffsetDateTime now);

        /** After the last piece of a claim (or when the rest was given back): records what is still pending. */
        default void finish(Claim<T> claim) {
        }
    }

    /** The node's monotonic time now, as the loop reads it to check a lease: for kinds that reckon the database's time from a lease. */
    public long nanos() {
        return nanos.getAsLong();
    }

    /** One run of this kind on a usable node; returns how many pieces it worked on. */
    public int run(Kind<?> kind) {
        return run(List.of(kind));
    }

    /** One run of each kind in turn on a usable node (the gate asked once); returns how many pieces it worked on. */
    public int run(List<Kind<?>> kinds) {
        if (!gate.open()) {
            return 0;
        }
        int worked = 0;
        for (Kind<?> kind : kinds) {
            worked += runOne(kind);
        }
        return worked;
    }

    private <T> int runOne(Kind<T> kind) {
        int worked = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            Claim<T> claim = kind.claim(BATCH);
            int done = withinLease(kind, claim);
            worked += done;
            if (done < claim.pieces().size() || claim.pieces().size() < BATCH) {
                break;
            }
        }
        return worked;
    }

    /**
     * Works through a claim one piece at a time while its lease leaves room for one more; what it
     * would not cover is given back untried, so no piece is worked on after its claim has run out,
     * when another run may have taken it.
     */
    private <T> int withinLease(Kind<T> kind, Claim<T> claim) {
        List<T> pieces = claim.pieces();
        try {
            Duration each = pieces.isEmpty() ? Duration.ZERO : kind.each(); // once a claim: it may read settings
            for (int i = 0; i < pieces.size(); i++) {
                if (!claim.lease().leavesRoomFor(nanos.getAsLong(), each)) {
                    List<T> untried = pieces.subList(i, pieces.size());
                    LOG.warning(() -> kind.name() + ": " + untried.size()
                            + " claimed pieces given back untried, the claim would not cover them");
                    kind.giveBack(untried, claim.lease(), claim.lease().databaseTime(nanos.getAsLong()));
                    return i;
                }
                kind.work(pieces.get(i), claim.lease());
            }
            return pieces.size();
        } finally {
            kind.finish(claim);
        }
    }
}
