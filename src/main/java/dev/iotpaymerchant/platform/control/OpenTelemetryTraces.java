package dev.iotpaymerchant.platform.control;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.inject.spi.CDI;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
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

    /** {@code work} with this thread's OpenTelemetry context (its current span) made current where it runs. */
    static <T> Callable<T> carried(Callable<T> work) {
        return Context.current().wrap(work);
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
