package dev.iotpaymerchant.platform.work;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;

/**
 * A claim on due rows: a token that names this claim, the database time until which no other run
 * takes the rows (their due time is moved there when they are claimed), and how long that is from
 * the claim. The lease is sized to cover all the work it is taken for: {@code items} pieces of
 * work, each bounded by a total deadline, done one after another, plus a margin for recording
 * each outcome. Before each piece the worker checks, on its own monotonic clock, that the rest of
 * the lease still covers it, and otherwise gives the rows back instead of working past its lease.
 * Outcomes are recorded only while the row still carries this token, so a run that lost its
 * claim (a stall, a crash and a restart) changes nothing.
 *
 * @param token names the claim on the rows
 * @param claimed the database's time when the claim was taken, and the node's monotonic time just before
 * @param length how long the lease lasts from {@code claimed}
 */
public record Lease(String token, WorkClock.Reading claimed, Duration length) {

    /** Time for the claim itself to commit and the worker to start, before the first piece of work. */
    static final Duration START = Duration.ofSeconds(5);

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A lease that covers {@code items} pieces of work of at most {@code each}, started within {@link #START} of {@code now}. */
    public static Lease covering(WorkClock.Reading now, int items, Duration each) {
        return new Lease(newToken(), now, START.plus(each.multipliedBy(Math.max(1, items))));
    }

    /** The database time at which the lease ends: the claimed rows are not due before. */
    public OffsetDateTime ends() {
        return claimed.at().plus(length);
    }

    /**
     * True while at least {@code work} of the lease is left at {@code nanosNow} (the node's
     * {@code System.nanoTime()}): elapsed time on one machine's monotonic clock, so neither a wall
     * clock that jumps nor one that differs from the database's can stretch the lease.
     */
    public boolean leavesRoomFor(long nanosNow, Duration work) {
        Duration elapsed = Duration.ofNanos(Math.max(0, nanosNow - claimed.nanos()));
        return elapsed.plus(work).compareTo(length) <= 0;
    }

    /** The database's time now, estimated from the claim's reading and the node's monotonic time since: no query. */
    public OffsetDateTime databaseTime(long nanosNow) {
        return claimed.plusElapsed(nanosNow);
    }

    static String newToken() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
