package dev.iotpaymerchant.platform.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import org.junit.jupiter.api.Test;

/** The time due work is judged by: the database's, plus only what a test moved the application's clock. */
class WorkClockTest {

    private static final Instant DB_TIME = Instant.parse("2026-12-07T12:00:00.123456Z");

    /** An EntityManager whose one native query answers {@code seconds}, as a driver would. */
    private static EntityManager answering(Object seconds) {
        Query query = (Query) Proxy.newProxyInstance(Query.class.getClassLoader(), new Class<?>[] {Query.class},
                (proxy, method, args) -> {
                    assertEquals("getSingleResult", method.getName());
                    return seconds;
                });
        return (EntityManager) Proxy.newProxyInstance(EntityManager.class.getClassLoader(), new Class<?>[] {EntityManager.class},
                (proxy, method, args) -> {
                    assertEquals("createNativeQuery", method.getName());
                    assertEquals(WorkClock.DATABASE_TIME, args[0]);
                    return query;
                });
    }

    private static WorkClock clock(Clock application, Clock machine) {
        WorkClock clock = new WorkClock();
        clock.clock = application;
        clock.system = machine;
        return clock;
    }

    @Test
    void aNodeWhoseClockIsWrongStillJudgesDueWorkByTheDatabasesTime() {
        // The machine's clock is 30 s ahead; the application's clock is the machine's (production).
        Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(30));
        WorkClock.Reading reading = clock(ahead, ahead).read(answering(new BigDecimal("1796644800.123456")));
        Duration off = Duration.between(DB_TIME, reading.at().toInstant()).abs();
        assertTrue(off.compareTo(Duration.ofMillis(50)) < 0, "the database's time, not the node's: " + reading.at());
    }

    @Test
    void aTestThatMovesTheApplicationsClockMovesDueWorkWithIt() {
        Clock machine = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(30)); // a skewed machine, too
        Clock moved = Clock.offset(machine, Duration.ofHours(2));
        WorkClock.Reading reading = clock(moved, machine).read(answering(1796644800.123456d));
        Duration off = Duration.between(DB_TIME.plus(Duration.ofHours(2)), reading.at().toInstant()).abs();
        assertTrue(off.compareTo(Duration.ofMillis(50)) < 0, "the database's time plus what the test moved: " + reading.at());
    }

    @Test
    void theQueryReadsTheDatabasesTimeAsSecondsOnH2() throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:h2:mem:workclock");
             Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery(WorkClock.DATABASE_TIME)) {
            assertTrue(rows.next());
            OffsetDateTime read = WorkClock.fromEpochSeconds(rows.getObject(1));
            assertTrue(Duration.between(Instant.now(), read.toInstant()).abs().compareTo(Duration.ofSeconds(5)) < 0,
                    "H2's time as seconds since the epoch: " + rows.getObject(1) + " → " + read);
            assertEquals(ZoneOffset.UTC, read.getOffset());
        }
    }

    @Test
    void fractionsOfASecondAreKeptToTheMicrosecond() {
        assertEquals(OffsetDateTime.parse("2026-12-07T12:00:00.123456Z"), WorkClock.fromEpochSeconds(new BigDecimal("1796644800.123456")));
        assertEquals(OffsetDateTime.parse("2026-12-07T12:00:00Z"), WorkClock.fromEpochSeconds(1796644800L));
    }
}
