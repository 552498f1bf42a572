package dev.iotpaymerchant.console.boundary;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.iotpaymerchant.console.control.ConsoleSettings;

/**
 * The console's pages run only our own scripts and styles (no inline script, no CDN), may not be
 * framed, and talk only to this backend and the operators' identity provider.
 */
@WebFilter("/console/*")
public class ConsoleSecurityHeaders extends HttpFilter {

    @Inject
    ConsoleSettings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String provider = settings.consoleIssuer().flatMap(ConsoleSettingsServlet::originOf).map(origin -> " " + origin)
                .orElse("");
        response.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                + "img-src 'self' data:; connect-src 'self'" + provider + "; base-uri 'none'; form-action 'self'; "
                + "frame-ancestors 'none'");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cache-Control", "no-cache");
        chain.doFilter(request, response);
    }
}
