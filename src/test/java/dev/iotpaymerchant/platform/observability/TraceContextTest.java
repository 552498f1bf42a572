package dev.iotpaymerchant.platform.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceContextTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void readsTheW3cExample() {
        TraceContext parsed = TraceContext.parse("00-" + TRACE + "-00f067aa0ba902b7-01").orElseThrow();
        assertEquals(TRACE, parsed.traceId());
        assertEquals("00f067aa0ba902b7", parsed.spanId());
        assertTrue(parsed.sampled());
        assertEquals("00-" + TRACE + "-00f067aa0ba902b7-01", parsed.traceparent());
        assertFalse(TraceContext.parse("00-" + TRACE + "-00f067aa0ba902b7-00").orElseThrow().sampled());
    }

    @Test
    void aLaterVersionIsReadByItsFirstFourFields() {
        assertEquals(TRACE, TraceContext.parse("01-" + TRACE + "-00f067aa0ba902b7-01-what-comes-later")
                .orElseThrow().traceId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "00-" + TRACE + "-00f067aa0ba902b7",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-" + TRACE + "-0000000000000000-01",
            "ff-" + TRACE + "-00f067aa0ba902b7-01", "00-" + TRACE + "-00f067aa0ba902b7-01-extra",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "01-" + TRACE + "-00f067aa0ba902b7-01x"})
    void refusesWhatIsNotATraceparent(String header) {
        assertTrue(TraceContext.parse(header).isEmpty(), header);
        assertTrue(TraceContext.parse(null).isEmpty());
    }

    @Test
    void aChildStaysInTheTraceWithASpanOfItsOwn() {
        TraceContext parent = TraceContext.parse("00-" + TRACE + "-00f067aa0ba902b7-01").orElseThrow();
        TraceContext child = parent.child();
        assertEquals(TRACE, child.traceId());
        assertNotEquals(parent.spanId(), child.spanId());
        assertTrue(child.sampled());
    }

    @Test
    void newTracesAreValidAndDistinct() {
        TraceContext one = TraceContext.newTrace();
        TraceContext two = TraceContext.newTrace();
        assertTrue(TraceContext.parse(one.traceparent()).isPresent(), one.traceparent());
        assertNotEquals(one.traceId(), two.traceId());
    }
}
