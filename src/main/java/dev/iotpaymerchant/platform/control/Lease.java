package dev.iotpaymerchant.platform.control;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;

/**
 * A claim on due rows: a token that names this claim, and the time until which no other run takes
 * the rows (their due time is moved there when they are claimed). The lease is sized to cover all
 * the work it is taken for: {@code items} pieces of work, each bounded by a total deadline, done one
 * after another, plus a margin for recording each outcome. Before each piece the worker checks that
 * the rest of the lease still covers it, and otherwise gives the rows back instead of working past
 * its lease. Outcomes are recorded only while the row still carries this token, so a run that
 * lost its claim (a stall, a crash and a restart) changes nothing.
 */
public record Lease(String token, OffsetDateTime ends) {

    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Room for what happens between taking the claim and starting the first piece (committing the
     * claim): without it a claim of one piece, checked a millisecond after it was taken, never
     * leaves room for that piece and is given back untried, again and again.
     */
    static final Duration CLAIMING = Duration.ofSeconds(5);

    /** A lease that covers {@code items} pieces of work of at most {@code each} from {@code now}. */
    public static Lease covering(OffsetDateTime now, int items, Duration each) {
        return new Lease(newToken(), now.plus(CLAIMING).plus(each.multipliedBy(Math.max(1, items))));
    }

    /** True while at least {@code work} of the lease is left at {@code now}. */
    public boolean leavesRoomFor(OffsetDateTime now, Duration work) {
        return !now.plus(work).isAfter(ends);
    }

    static String newToken() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
