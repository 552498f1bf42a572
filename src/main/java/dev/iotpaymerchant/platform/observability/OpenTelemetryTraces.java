package dev.iotpaymerchant.platform.observability;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.inject.spi.CDI;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;

/**
 * The only class that uses the OpenTelemetry API, which the server provides with MicroProfile
 * Telemetry (Payara, and WildFly once its subsystem is added). Nothing here is touched unless the
 * API is on the class path, so the WAR also runs on a server without it.
 */
final class OpenTelemetryTraces {

    private static final Logger LOG = LogFields.logger(OpenTelemetryTraces.class);
    private static final boolean AVAILABLE = apiPresent();

    private OpenTelemetryTraces() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    /** The span the server (or {@link #startRoot}) made current, if it records one. */
    static Optional<TraceContext> currentSpan() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid()
                ? Optional.of(new TraceContext(span.getTraceId(), span.getSpanId(), span.isSampled()))
                : Optional.empty();
    }

    /** A root span, current until closed; null when telemetry does not record (its SDK is disabled). */
    static Traces.Scope startRoot(String name) {
        OpenTelemetry telemetry;
        try {
            var beans = CDI.current().select(OpenTelemetry.class);
            if (!beans.isResolvable()) {
                return null;
            }
            telemetry = beans.get();
        } catch (RuntimeException | LinkageError noTelemetry) {
            LOG.log(Level.FINE, "No OpenTelemetry bean: traces are kept without it", noTelemetry);
            return null;
        }
        Span span = telemetry.getTracer("iotpay-merchant").spanBuilder(name)
                .setNoParent().setSpanKind(SpanKind.INTERNAL).startSpan();
        if (!span.getSpanContext().isValid()) {
            span.end();
            return null;
        }
        var scope = span.makeCurrent();
        return () -> {
            scope.close();
            span.end();
        };
    }

    /**
     * For a request this (pooled) thread starts to serve in trace {@code traceId}: a span of another trace still
     * current here is what an earlier request left behind, and is dropped. WildFly's telemetry leaves a long-poll's
     * span current on the thread that suspended it (the scope is closed on the thread that resumes it, which
     * OpenTelemetry ignores); kept, it stopped the server from starting this request's span (a server span never
     * nests in another) and was passed on to IOTPay as this request's trace. The returned scope makes current again,
     * whatever the request left, what was current when it came (less such a leftover), so the thread goes back
     * to its pool as it was taken. Scopes are not closed here on purpose: a leftover cannot be closed in order.
     */
    static Traces.Scope serving(String traceId) {
        Context before = Context.current();
        SpanContext span = Span.fromContext(before).getSpanContext();
        Context kept = span.isValid() && !span.getTraceId().equals(traceId) ? Context.root() : before;
        makeCurrent(kept);
        return () -> makeCurrent(kept);
    }

    /**
     * {@code work} with this thread's OpenTelemetry context made current where it runs, if its span is in
     * {@code own}'s trace; otherwise (a span of another trace, or none) with {@code own} as the current span,
     * so that what the server's telemetry records and passes on there is in the trace this thread works for.
     */
    static <T> Callable<T> carried(Callable<T> work, TraceContext own) {
        Context context = Context.current();
        SpanContext span = Span.fromContext(context).getSpanContext();
        if (own != null && !(span.isValid() && span.getTraceId().equals(own.traceId()))) {
            context = Context.root().with(Span.wrap(SpanContext.create(own.traceId(), own.spanId(),
                    own.sampled() ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault())));
        }
        return context.wrap(work);
    }

    /** Makes {@code context} current, its scope dropped (see {@link #serving}). */
    private static void makeCurrent(Context context) {
        context.makeCurrent();
    }

    private static boolean apiPresent() {
        try {
            Class.forName("io.opentelemetry.api.trace.Span", false, OpenTelemetryTraces.class.getClassLoader());
            Span.current();
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}
