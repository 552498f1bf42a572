package dev.iotpaymerchant.notifications.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.platform.settings.MapConfig;
import dev.iotpaymerchant.platform.settings.Settings;

/** The notification log's budget: a total per node and minute, and a share of it per sending address. */
class RefusalLogBudgetTest {

    @Test
    void aFloodFromOneAddressUsesItsShareAndLeavesTheRestToOthers() {
        RefusalLogBudget budget = budget(Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC), 10, 4);
        int flooded = 0;
        for (int i = 0; i < 1000; i++) {
            flooded += budget.take("203.0.113.7") ? 1 : 0;
        }
        assertEquals(4, flooded, "the flooding address's share");
        assertTrue(budget.take("198.51.100.9"), "a refusal from elsewhere is still written");
        for (int i = 0; i < 5; i++) {
            assertTrue(budget.take("192.0.2." + i), "4 + 1 + " + (i + 1) + " of the node's 10");
        }
        assertFalse(budget.take("192.0.2.52"), "the node's total still holds");
    }

    @Test
    void theShareResetsEachMinute() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:59Z"));
        RefusalLogBudget budget = budget(clock, 10, 1);
        assertTrue(budget.take("203.0.113.7"));
        assertFalse(budget.take("203.0.113.7"));
        clock.now = clock.now.plusSeconds(1);
        assertTrue(budget.take("203.0.113.7"));
    }

    @Test
    void anIpv6SenderSharesOneShareAcrossItsSlash64() {
        assertEquals(RefusalLogBudget.sourceKey("2001:db8:1:2::1"), RefusalLogBudget.sourceKey("2001:db8:1:2:ffff::9"));
        assertFalse(RefusalLogBudget.sourceKey("2001:db8:1:2::1").equals(RefusalLogBudget.sourceKey("2001:db8:1:3::1")));
        assertEquals("203.0.113.7", RefusalLogBudget.sourceKey("203.0.113.7"));
    }

    private static RefusalLogBudget budget(Clock clock, int perMinute, int perSource) {
        RefusalLogBudget budget = new RefusalLogBudget();
        budget.clock = clock;
        budget.settings = new NotificationSettings(new Settings(new MapConfig(Map.of(
                "notifications.refused-log-per-minute", String.valueOf(perMinute),
                "notifications.refused-log-per-source-per-minute", String.valueOf(perSource)))));
        return budget;
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
