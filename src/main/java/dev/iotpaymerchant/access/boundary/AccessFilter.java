package dev.iotpaymerchant.access.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import dev.iotpaymerchant.access.control.Caller;
import dev.iotpaymerchant.access.control.TokenVerifier;
import dev.iotpaymerchant.platform.control.ClientAddress;
import dev.iotpaymerchant.platform.control.AuthMode;
import dev.iotpaymerchant.platform.control.ProblemException;
import dev.iotpaymerchant.platform.control.Settings;

/**
 * Decides who is calling every /api resource except /api/notify (IOTPay authenticates by
 * signature). With {@code api.auth=jwt} the request needs {@code Authorization: Bearer <token>}
 * that {@link TokenVerifier} accepts, or it is a 401 problem; the token's subject and groups make
 * the {@link Caller}. With {@code none} the caller is trusted and any token is ignored. Without a
 * usable mode, 503 naming the setting.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AccessFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    @Inject
    Settings settings;

    @Inject
    TokenVerifier tokens;

    @Inject
    Caller caller;

    @Context
    HttpServletRequest http;

    @Override
    public void filter(ContainerRequestContext request) {
        if (isNotify(request.getUriInfo().getPath())) {
            return; // IOTPay authenticates by signature
        }
        String address = ClientAddress.of(http, settings.trustedProxies());
        if (settings.authMode() == AuthMode.NONE) {
            caller.trusted(address);
            return;
        }
        String authorization = request.getHeaderString("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw unauthenticated(true);
        }
        TokenVerifier.Verified token = tokens.verify(authorization.substring(BEARER.length()).trim())
                .orElseThrow(() -> unauthenticated(false));
        caller.authenticated(token.subject(), token.groups().contains(settings.operatorGroup()), address);
    }

    /** Jersey gives the path without a leading slash, RESTEasy with one. */
    static boolean isNotify(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return relative.equals("notify") || relative.startsWith("notify/");
    }

    static ProblemException unauthenticated(boolean noToken) {
        return new ProblemException(401, "unauthenticated", "Authentication required", noToken
                ? "This call needs a bearer token from the merchant's identity provider: Authorization: Bearer <token>."
                : "The bearer token is not valid here (signature, algorithm, issuer, audience or expiry); get a new one.")
                .header("WWW-Authenticate", noToken ? "Bearer" : "Bearer error=\"invalid_token\"");
    }
}
