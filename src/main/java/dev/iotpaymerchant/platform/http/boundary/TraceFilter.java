package dev.iotpaymerchant.platform.http.boundary;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.iotpaymerchant.platform.observability.TraceContext;
import dev.iotpaymerchant.platform.observability.Traces;

/**
 * Every inbound request works in the trace its W3C {@code traceparent} names, or in a new one, for
 * as long as its thread serves it. A servlet filter rather than a JAX-RS one: it leaves the trace
 * in a {@code finally}, so a thread goes back to the server's pool with nothing of this request on it,
 * even when the request was suspended (the status long-poll), the server's telemetry context included.
 *
 * <p>IOTPay's notifications always start a new trace: IOTPay sends no trace headers, and one that a
 * forger adds must join nothing. So they are replaced for everything after this filter, the server's
 * own telemetry included.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class TraceFilter extends HttpFilter {

    private static final Set<String> TRACE_HEADERS = Set.of("traceparent", "tracestate", "baggage");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean notification = "/api/notify".equals(request.getServletPath()
                + (request.getPathInfo() == null ? "" : request.getPathInfo()));
        Optional<TraceContext> inbound = notification ? Optional.empty() : TraceContext.parse(request.getHeader("traceparent"));
        TraceContext caller = inbound.orElseGet(TraceContext::newTrace);
        // Without a usable traceparent, the server's telemetry is shown the new trace, so its spans and
        // our log lines and problems name the same one.
        HttpServletRequest served = inbound.isPresent() ? request : new ReplacedHeaders(request, Map.of("traceparent", caller.traceparent()), TRACE_HEADERS);
        try (Traces.Scope trace = Traces.enter(caller)) {
            chain.doFilter(served, response);
        }
    }
}
