package dev.iotpaymerchant.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

/** Without a server's telemetry (as here), the ids come from traceparent or are made, and follow the thread. */
class TracesTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String INBOUND = "00-" + TRACE + "-00f067aa0ba902b7-01";

    @Test
    void anInboundRequestWorksInTheTraceItNamesUntilItLeaves() {
        assertTrue(Traces.traceId().isEmpty());
        try (Traces.Scope request = Traces.enter(TraceContext.parse(INBOUND).orElseThrow())) {
            assertEquals(Optional.of(TRACE), Traces.traceId());
            String outgoing = Traces.traceparent().orElseThrow();
            assertEquals(TRACE, outgoing.split("-")[1]);
            assertNotEquals("00f067aa0ba902b7", outgoing.split("-")[2], "our own span, not the caller's");
        }
        assertTrue(Traces.traceId().isEmpty(), "nothing stays on the thread");
        assertTrue(Traces.traceparent().isEmpty());
    }

    @Test
    void anOrderIsNamedWithinItsTraceAndForgottenAfter() {
        try (Traces.Scope request = Traces.enter(TraceContext.parse(INBOUND).orElseThrow())) {
            try (Traces.Scope order = Traces.forOrder("IPM-1")) {
                assertEquals(Optional.of("IPM-1"), Traces.orderNo());
                assertEquals(Optional.of(TRACE), Traces.traceId());
            }
            assertTrue(Traces.orderNo().isEmpty());
            assertEquals(Optional.of(TRACE), Traces.traceId());
        }
    }

    @Test
    void backgroundWorkStartsItsOwnTrace() {
        try (Traces.Scope request = Traces.enter(TraceContext.parse(INBOUND).orElseThrow())) {
            try (Traces.Scope sweep = Traces.startTrace("reconcile order")) {
                assertNotEquals(TRACE, Traces.traceId().orElseThrow());
            }
            assertEquals(Optional.of(TRACE), Traces.traceId(), "and gives the thread back its trace");
        }
    }

    @Test
    void logLinesCarryTheTraceAndTheOrderAsTextAndAsFields() {
        LogRecord record = new LogRecord(Level.INFO, "IOTPay create_order {0}");
        record.setParameters(new Object[] {"IPM-2"});
        try (Traces.Scope request = Traces.enter(TraceContext.parse(INBOUND).orElseThrow()); Traces.Scope order = Traces.forOrder("IPM-2\nforged line")) {
            LogFields.add(record);
        }
        assertEquals("IOTPay create_order {0} [traceId=" + TRACE + " orderNo=IPM-2?forged line]", record.getMessage());
        assertEquals("IPM-2", record.getParameters()[0], "the record's own parameters are kept");
        assertEquals(Map.of("traceId", TRACE, "orderNo", "IPM-2?forged line"), record.getParameters()[1]);
    }

    @Test
    void logLinesOutsideAnyTraceAreLeftAlone() {
        LogRecord record = new LogRecord(Level.INFO, "started");
        LogFields.add(record);
        assertEquals("started", record.getMessage());
        assertEquals(null, record.getParameters());
    }

    @Test
    void loggersOfThisApplicationAddTheFields() {
        assertTrue(LogFields.logger(TracesTest.class).getFilter() != null);
    }
}
