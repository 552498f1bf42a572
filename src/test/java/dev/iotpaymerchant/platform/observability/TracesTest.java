package dev.iotpaymerchant.platform.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Without a server's telemetry SDK (as here), the ids come from traceparent or are made, and follow the thread;
 * the OpenTelemetry API (on the test class path) stands in for spans the server's telemetry makes current.
 */
class TracesTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String INBOUND = "00-" + TRACE + "-00f067aa0ba902b7-01";
    private static final String OTHER_TRACE = "0af7651916cd43dd8448eb211c80319c";

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
    void aSpanOfAnotherTraceThatAnEarlierRequestLeftOnThePooledThreadIsDropped() {
        leaveOnThisThread(OTHER_TRACE);
        try (Traces.Scope request = Traces.enter(TraceContext.parse(INBOUND).orElseThrow())) {
            assertFalse(Span.current().getSpanContext().isValid(), "the server starts this request's span from nothing");
            assertEquals(TRACE, Traces.traceparent().orElseThrow().split("-")[1]);
            leaveOnThisThread(OTHER_TRACE); // as a suspended request's span is left on the thread that suspended it
        }
        assertFalse(Span.current().getSpanContext().isValid(), "and the thread goes back to its pool without one");
    }

    @Test
    void workCarriedToAnotherThreadIsInThisThreadsTraceNotInALeftSpansTrace() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (Traces.Scope request = Traces.enter(TraceContext.parse(INBOUND).orElseThrow())) {
            leaveOnThisThread(OTHER_TRACE); // a span the server's telemetry did not start for this request
            SpanContext there = other.submit(Traces.carried(() -> Span.current().getSpanContext())).get();
            assertEquals(TRACE, there.getTraceId(), "what the server passes on from there is in the request's trace");
            assertEquals(Traces.traceparent().orElseThrow().split("-")[2], there.getSpanId(), "as a child of our span");

            Span recorded = leaveOnThisThread(TRACE); // the request's own span, as the server records it
            assertEquals(recorded.getSpanContext(), other.submit(Traces.carried(() -> Span.current().getSpanContext())).get(),
                    "the server's span in the request's trace is carried as it is");
        } finally {
            other.shutdownNow();
        }
    }

    /** A span of {@code traceId} made current on this thread, its scope never closed (as a leak leaves it). */
    private static Span leaveOnThisThread(String traceId) {
        Span span = Span.wrap(SpanContext.create(traceId, "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault()));
        span.makeCurrent();
        return span;
    }

    @AfterEach
    void nothingIsLeftForTheNextTest() {
        Context.root().makeCurrent();
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
