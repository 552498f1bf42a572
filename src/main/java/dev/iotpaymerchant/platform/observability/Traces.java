package dev.iotpaymerchant.platform.observability;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The trace (and the order) the current thread works for, which log lines, problem documents and
 * outgoing calls name. Where the server's MicroProfile Telemetry records spans, its current span
 * is the trace; where it does not (telemetry off or not installed), the ids come from the inbound
 * {@code traceparent} or are made here, so log lines, problems and IOTPay's requests still agree.
 *
 * <p>Inbound requests enter their trace in the boundary's filter. Work nobody asked for over HTTP
 * (sweeps, the dispatcher) and IOTPay's notifications start their own: a notification is IOTPay's
 * word, not part of any caller's trace, and a header it (or a forger) sends must not join one.
 */
public final class Traces {

    private static final ThreadLocal<State> CURRENT = new ThreadLocal<>();

    private record State(TraceContext trace, String orderNo) {
    }

    /** Leaves what {@link #enter}, {@link #startTrace} or {@link #forOrder} began, restoring what was before. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private Traces() {
    }

    /** The current trace's id (32 hex digits), if this thread works for one. */
    public static Optional<String> traceId() {
        return current().map(TraceContext::traceId);
    }

    /** The order this thread works on, if it said so. */
    public static Optional<String> orderNo() {
        State state = CURRENT.get();
        return Optional.ofNullable(state == null ? null : state.orderNo());
    }

    /** The {@code traceparent} an outgoing request carries: the current span as its parent. */
    public static Optional<String> traceparent() {
        return current().map(TraceContext::traceparent);
    }

    /**
     * An inbound request's trace: {@code caller} is the position the request came from (its
     * {@code traceparent}, or one the boundary made up and showed the server's telemetry too). A span of
     * another trace that an earlier request left current on this pooled thread is dropped first, and on
     * leaving the thread's telemetry context is what it was on entry (less that leftover).
     */
    public static Scope enter(TraceContext caller) {
        Scope telemetry = OpenTelemetryTraces.available() ? OpenTelemetryTraces.serving(caller.traceId()) : null;
        Scope state = push(new State(caller.child(), null));
        return telemetry == null ? state : () -> {
            state.close();
            telemetry.close();
        };
    }

    /** Starts a new trace (a root span where telemetry records) for work no request asked for. */
    public static Scope startTrace(String name) {
        Scope span = OpenTelemetryTraces.available() ? OpenTelemetryTraces.startRoot(name) : null;
        TraceContext trace = span == null ? TraceContext.newTrace()
                : OpenTelemetryTraces.currentSpan().orElseGet(TraceContext::newTrace);
        Scope state = push(new State(trace, null));
        return span == null ? state : () -> {
            state.close();
            span.close();
        };
    }

    /** Names the order this thread works on, for its log lines. */
    public static Scope forOrder(String mchOrderNo) {
        State before = CURRENT.get();
        TraceContext trace = before != null ? before.trace() : TraceContext.newTrace();
        return push(new State(trace, mchOrderNo));
    }

    /**
     * {@code work}, to run on another thread in this thread's trace and for its order; the server's current
     * span goes with it only if it is in this thread's trace (what its telemetry passes on there, to IOTPay
     * for one, is then in that trace too).
     */
    public static <T> Callable<T> carried(Callable<T> work) {
        State state = CURRENT.get();
        Callable<T> withState = state == null ? work : () -> {
            try (Scope carried = push(state)) {
                return work.call();
            }
        };
        return OpenTelemetryTraces.available()
                ? OpenTelemetryTraces.carried(withState, state == null ? null : state.trace()) : withState;
    }

    /**
     * The server's current span where telemetry records one in this thread's trace; otherwise this
     * thread's own position. A span of another trace (one the server left current on a pooled
     * thread) never overrides the trace this thread entered.
     */
    private static Optional<TraceContext> current() {
        State state = CURRENT.get();
        if (OpenTelemetryTraces.available()) {
            Optional<TraceContext> recorded = OpenTelemetryTraces.currentSpan();
            if (recorded.isPresent() && (state == null || recorded.get().traceId().equals(state.trace().traceId()))) {
                return recorded;
            }
        }
        return Optional.ofNullable(state == null ? null : state.trace());
    }

    private static Scope push(State state) {
        State before = CURRENT.get();
        CURRENT.set(state);
        LogFields.mdc(state.trace().traceId(), state.orderNo());
        return () -> {
            if (before == null) {
                CURRENT.remove();
                LogFields.mdc(null, null);
            } else {
                CURRENT.set(before);
                LogFields.mdc(before.trace().traceId(), before.orderNo());
            }
        };
    }
}
