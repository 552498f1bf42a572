package dev.iotpaymerchant.platform.boundary;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import dev.iotpaymerchant.platform.control.Traces;

/**
 * Every inbound request works in the trace its W3C {@code traceparent} names, or in a new one, for
 * as long as its thread serves it. A servlet filter rather than a JAX-RS one: it leaves the trace
 * in a {@code finally}, so a thread goes back to the server's pool with nothing of this request on it,
 * even when the request was suspended (the status long-poll).
 *
 * <p>IOTPay's notifications always start a new trace: IOTPay sends no trace headers, and one that a
 * forger adds must join nothing. So they are hidden from everything after this filter, the server's
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
        HttpServletRequest served = notification ? new WithoutTraceHeaders(request) : request;
        try (Traces.Scope trace = Traces.enter(served.getHeader("traceparent"))) {
            chain.doFilter(served, response);
        }
    }

    /** The request without its trace headers. */
    static final class WithoutTraceHeaders extends HttpServletRequestWrapper {

        WithoutTraceHeaders(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return hidden(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !hidden(name)).toList());
        }

        private static boolean hidden(String name) {
            return name != null && TRACE_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT));
        }
    }
}
