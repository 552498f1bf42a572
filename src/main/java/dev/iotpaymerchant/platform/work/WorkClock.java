package dev.iotpaymerchant.platform.work;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * The time that decides due work: the database's, read in the claim's own transaction, so every
 * node compares due times and leases against one clock, and a node whose clock is ahead does not
 * take rows another still holds. The application's {@code Clock} adds only how far it is ahead of
 * the machine's clock ({@link SystemClock}): nothing in production, the moved time in tests.
 *
 * <p>A reading also notes the node's monotonic time, so a worker measures how much of its lease
 * is left by elapsed time on its own monotonic clock, never by comparing two machines' wall
 * clocks ({@link Lease#leavesRoomFor}).
 */
@ApplicationScoped
public class WorkClock {

    /** Seconds since the epoch, as a number: the same query and the same Java type on H2 and PostgreSQL, under either JPA provider. */
    static final String DATABASE_TIME = "SELECT EXTRACT(EPOCH FROM CURRENT_TIMESTAMP)";

    @Inject
    Clock clock;

    @Inject
    @SystemClock
    Clock system;

    /** The node's monotonic clock, which measures what is left of a lease; the model tests' moves it with their clock. */
    LongSupplier monotonic = System::nanoTime;

    /** The database's time now (in the caller's transaction), and the node's monotonic time just before it was read. */
    public record Reading(OffsetDateTime at, long nanos) {

        /** The database's time {@code nanosNow} (the node's monotonic time) later than this reading, without asking it again. */
        public OffsetDateTime plusElapsed(long nanosNow) {
            return at.plusNanos(Math.max(0, nanosNow - nanos));
        }
    }

    /** Reads the database's time in the caller's transaction (on PostgreSQL, the time the transaction began). */
    public Reading read(EntityManager em) {
        long nanos = monotonic.getAsLong();
        Object seconds = em.createNativeQuery(DATABASE_TIME).getSingleResult();
        return new Reading(fromEpochSeconds(seconds).plus(offset()), nanos);
    }

    /** The node's monotonic time now, on the clock that {@link Reading#nanos()} was read from. */
    public long nanos() {
        return monotonic.getAsLong();
    }

    /** How far the application's clock is ahead of the machine's: zero in production. */
    Duration offset() {
        return Duration.between(system.instant(), clock.instant());
    }

    static OffsetDateTime fromEpochSeconds(Object seconds) {
        long micros = new BigDecimal(String.valueOf(seconds)).movePointRight(6).setScale(0, RoundingMode.FLOOR)
                .longValueExact();
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
