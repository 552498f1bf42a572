package dev.iotpaymerchant.platform.boundary;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import dev.iotpaymerchant.platform.control.TraceContext;
import dev.iotpaymerchant.platform.control.Traces;

/**
 * Every inbound request works in the trace its W3C {@code traceparent} names, or in a new one, for
 * as long as its thread serves it. A servlet filter rather than a JAX-RS one: it leaves the trace
 * in a {@code finally}, so a thread goes back to the server's pool with nothing of this request on it,
 * even when the request was suspended (the status long-poll).
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
        HttpServletRequest served = inbound.isPresent() ? request : new WithTraceparent(request, caller.traceparent());
        try (Traces.Scope trace = Traces.enter(caller)) {
            chain.doFilter(served, response);
        }
    }

    /** The request with {@code traceparent} in place of whatever trace headers it had. */
    static final class WithTraceparent extends HttpServletRequestWrapper {

        private final String traceparent;

        WithTraceparent(HttpServletRequest request, String traceparent) {
            super(request);
            this.traceparent = traceparent;
        }

        @Override
        public String getHeader(String name) {
            return replaced(name) ? mine(name) : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (!replaced(name)) {
                return super.getHeaders(name);
            }
            String value = mine(name);
            return value == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(value));
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !replaced(name)).toList());
            names.add("traceparent");
            return Collections.enumeration(names);
        }

        private String mine(String name) {
            return name.equalsIgnoreCase("traceparent") ? traceparent : null;
        }

        private static boolean replaced(String name) {
            return name != null && TRACE_HEADERS.contains(name.toLowerCase(Locale.ROOT));
        }
    }
}
