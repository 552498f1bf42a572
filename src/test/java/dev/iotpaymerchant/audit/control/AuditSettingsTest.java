package dev.iotpaymerchant.audit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.platform.settings.ConfiguredNode;

/** The self-audit's interval, and when a check counts as overdue. */
class AuditSettingsTest {

    @Test
    void theAuditRunsEveryFifteenMinutesByDefaultAndAsConfigured() {
        assertEquals(Duration.ofMinutes(15), new ConfiguredNode(Map.of()).audit.interval());
        assertEquals(Duration.ofMinutes(5), new ConfiguredNode(Map.of("audit.interval-minutes", "5")).audit.interval());
        assertThrows(IllegalStateException.class, () -> new ConfiguredNode(Map.of("audit.interval-minutes", "0")).audit.interval());
    }

    @Test
    void aCheckIsOverdueAfterFifteenMinutesOrTenSweepsWhicheverIsLonger() {
        assertEquals(Duration.ofMinutes(15), new ConfiguredNode(Map.of()).audit.overdueAfter());
        assertEquals(Duration.ofMinutes(30),
                new ConfiguredNode(Map.of("orders.reconcile.interval-seconds", "180")).audit.overdueAfter());
    }
}
