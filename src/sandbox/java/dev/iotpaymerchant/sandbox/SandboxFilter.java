package dev.iotpaymerchant.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.iotpaymerchant.platform.http.ClientAddress;
import dev.iotpaymerchant.platform.observability.TraceContext;
import dev.iotpaymerchant.platform.observability.Traces;
import dev.iotpaymerchant.platform.settings.PlatformSettings;

/**
 * The sandbox build says what it is on every answer ({@code Sandbox: true}; the console shows a banner for it), and
 * takes no call to /api or /sandbox while {@link SandboxGuard} refuses its settings ({@code 503}, naming them). The
 * sandbox's own pages (the wallet whose Pay button marks an order paid, the fake IOTPay) answer only where
 * api.auth=none would: loopback, private networks and api.none-allow-networks, whatever api.auth says.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class SandboxFilter extends HttpFilter {

    static final String HEADER = "Sandbox";

    @Inject
    SandboxGuard guard;

    @Inject
    PlatformSettings platform;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader(HEADER, "true");
        // decoded, as the servlets are chosen: /%61pi/orders is /api/orders
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        boolean api = path.startsWith("/api/");
        boolean sandbox = path.startsWith("/sandbox/");
        if (api || sandbox) {
            Optional<String> refusal = guard.refusal();
            if (refusal.isPresent()) {
                problem(response, 503, "sandbox-refuses-production-settings", "The sandbox build refuses these settings",
                        refusal.get());
                return;
            }
        }
        if (sandbox && !platform.noneModeAnswers(ClientAddress.inFull(request, platform.trustedProxies()))) {
            problem(response, 403, "outside-none-networks", "Not answered from this network", "The sandbox's pages answer"
                    + " only callers on loopback and private networks (RFC 1918, RFC 4193, link-local) and on the networks"
                    + " listed in api.none-allow-networks.");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void problem(HttpServletResponse response, int status, String type, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setHeader("Cache-Control", "no-store");
        byte[] body = Json.createObjectBuilder().add("type", "urn:iotpay-merchant:problem:" + type).add("title", title)
                .add("status", status).add("detail", detail)
                // the request's trace when TraceFilter ran first (filter order is the container's), as ProblemMapper does
                .add("traceId", Traces.traceId().orElseGet(() -> TraceContext.newTrace().traceId()))
                .build().toString().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
