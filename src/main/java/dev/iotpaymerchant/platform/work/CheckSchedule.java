package dev.iotpaymerchant.platform.work;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * When the sweep next asks IOTPay about a row whose outcome it may not know yet (an order, a
 * refund), how often it has asked, and until when a row that looks final is still asked about
 * in case IOTPay reports something late. Only a row with a next check is due; the claim query
 * ({@code DueRows}) reads {@code next_check_at} directly.
 */
@Embeddable
public class CheckSchedule {

    /** When the sweep next asks about the row; null once nothing is to be asked. */
    @Column(name = "next_check_at")
    private OffsetDateTime nextCheckAt;

    /** Until when a row that looks final is still asked about; null when it is not watched. */
    @Column(name = "watch_until")
    private OffsetDateTime watchUntil;

    @Column(name = "check_attempts", nullable = false)
    private int checkAttempts;

    protected CheckSchedule() {
        // for JPA
    }

    /** A schedule whose first check is at {@code first}. */
    public static CheckSchedule firstAt(OffsetDateTime first) {
        CheckSchedule schedule = new CheckSchedule();
        schedule.checkAt(first);
        return schedule;
    }

    /** The next check is at {@code when}. */
    public void checkAt(OffsetDateTime when) {
        nextCheckAt = utc(when);
    }

    /** The sweep took the row for a check: it is not taken again before {@code next}, by any node. */
    public void claimed(OffsetDateTime next) {
        checkAttempts++;
        nextCheckAt = utc(next);
    }

    /**
     * The sweep gives back a claimed row it did not ask about (its lease would not cover the
     * question): due again at {@code now}, the claim not counted as an attempt. A row nothing is to
     * be asked about any more is left as it is.
     */
    public void released(OffsetDateTime now) {
        if (nextCheckAt != null) {
            checkAttempts = Math.max(0, checkAttempts - 1);
            nextCheckAt = utc(now);
        }
    }

    /** No more checks; the end of a watch stays on record. */
    public void stop() {
        nextCheckAt = null;
    }

    /** No more checks, and no watch either. */
    public void end() {
        nextCheckAt = null;
        watchUntil = null;
    }

    /**
     * Still asked about until {@code until}, from {@code checkFrom} on if no check is due any more;
     * without {@code until}, not asked about any more ({@link #end()}).
     */
    public void watch(OffsetDateTime until, OffsetDateTime checkFrom) {
        if (until == null) {
            end();
            return;
        }
        watchUntil = utc(until);
        if (nextCheckAt == null) {
            nextCheckAt = utc(checkFrom);
        }
    }

    /** The watch lasts at least until {@code until}; it is never shortened. */
    public void extendWatch(OffsetDateTime until) {
        OffsetDateTime extended = utc(until);
        watchUntil = watchUntil == null || extended.isAfter(watchUntil) ? extended : watchUntil;
    }

    /** True while a next check is due. */
    public boolean isScheduled() {
        return nextCheckAt != null;
    }

    /** True while the row is watched (or, after {@link #stop()}, was watched). */
    public boolean isWatching() {
        return watchUntil != null;
    }

    /** True when the watch has run its course at {@code now}. */
    public boolean watchIsOverAt(OffsetDateTime now) {
        return watchUntil != null && !now.isBefore(watchUntil);
    }

    public OffsetDateTime nextCheckAt() {
        return nextCheckAt;
    }

    public OffsetDateTime watchUntil() {
        return watchUntil;
    }

    public int checkAttempts() {
        return checkAttempts;
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC);
    }
}
