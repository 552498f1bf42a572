package dev.iotpaymerchant.access.boundary;

import java.net.URI;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

import dev.iotpaymerchant.platform.http.boundary.ProblemException;

/**
 * Cross-site request forgery protection for every /api request that changes something
 * (POST, PUT, PATCH, DELETE, and the legacy GET /api/pay), except IOTPay's /api/notify. A request
 * a browser sends on behalf of another site says so: {@code Sec-Fetch-Site: cross-site} or
 * {@code same-site}, or an {@code Origin} that is not this host. Such a request is refused with 403
 * before anything else looks at it (even before the resource is matched), whatever credentials it carries. Apps and servers send neither
 * header, and the console's own requests are same-origin.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class CrossSiteFilter implements ContainerRequestFilter {

    private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (AccessFilter.isNotify(path) || !(CHANGING.contains(request.getMethod()) || isPay(path))) {
            return;
        }
        if (crossSite(request.getHeaderString("Sec-Fetch-Site"), request.getHeaderString("Origin"),
                request.getHeaderString("Host"), request.getHeaderString("X-Forwarded-Host"))) {
            throw new ProblemException(403, "cross-site-request", "Cross-site request refused",
                    "This request came from another site's page. Changes can only be made from this backend's own "
                            + "console or by apps and servers calling the API directly.");
        }
    }

    static boolean crossSite(String fetchSite, String origin, String host, String forwardedHost) {
        if ("cross-site".equalsIgnoreCase(fetchSite) || "same-site".equalsIgnoreCase(fetchSite)) {
            return true;
        }
        if (origin == null) {
            return false;
        }
        String originHost;
        try {
            originHost = URI.create(origin.trim()).getRawAuthority();
        } catch (IllegalArgumentException e) {
            return true;
        }
        // "null" (an opaque origin such as a sandboxed frame) has no authority either.
        return originHost == null || !(originHost.equalsIgnoreCase(host) || originHost.equalsIgnoreCase(forwardedHost));
    }

    private static boolean isPay(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return relative.equals("pay");
    }
}
