package dev.iotpaymerchant.access.boundary;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import dev.iotpaymerchant.access.control.AccessSettings;
import dev.iotpaymerchant.access.control.Caller;
import dev.iotpaymerchant.access.control.KeysUnavailable;
import dev.iotpaymerchant.access.control.TokenRefused;
import dev.iotpaymerchant.access.control.TokenVerifier;
import dev.iotpaymerchant.platform.http.ClientAddress;
import dev.iotpaymerchant.platform.http.boundary.ProblemException;
import dev.iotpaymerchant.platform.settings.AuthMode;
import dev.iotpaymerchant.platform.settings.PlatformSettings;

/**
 * Decides who is calling every /api resource except /api/notify (IOTPay authenticates by
 * signature). With {@code api.auth=jwt} the request needs {@code Authorization: Bearer <token>}
 * that {@link TokenVerifier} accepts, or it is a 401 problem that says why (RFC 6750: {@code
 * WWW-Authenticate: Bearer} alone without a token, with {@code error="invalid_token"} and the
 * reason as {@code error_description} for a refused one; the problem carries the same reason);
 * the token's subject and groups make the {@link Caller}. While the identity provider's keys are not
 * known yet, a token gets a 503 problem with Retry-After at once. With {@code none} the caller is
 * trusted and any token is ignored, if it calls from loopback, a private network or
 * api.none-allow-networks (by the address {@link ClientAddress} decides); anyone else gets a 403
 * problem naming api.auth. Without a usable mode, 503 naming the setting.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AccessFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    @Inject
    AccessSettings settings;

    @Inject
    PlatformSettings platform;

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
        String address = ClientAddress.of(http, platform.trustedProxies());
        if (platform.authMode() == AuthMode.NONE) {
            if (!platform.noneModeAnswers(ClientAddress.inFull(http, platform.trustedProxies()))) {
                throw outsideNoneNetworks();
            }
            caller.trusted(address);
            return;
        }
        String authorization = request.getHeaderString("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw noToken();
        }
        TokenVerifier.Verified token;
        try {
            token = tokens.verify(authorization.substring(BEARER.length()).trim());
        } catch (TokenRefused refused) {
            throw refused(refused.reason());
        } catch (KeysUnavailable unavailable) {
            throw keysUnavailable(unavailable.retryAfter());
        }
        caller.authenticated(token.subject(), token.groups().contains(settings.operatorGroup()),
                token.groups().contains(settings.merchantGroup()), address);
    }

    /** Jersey gives the path without a leading slash, RESTEasy with one. */
    static boolean isNotify(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return relative.equals("notify") || relative.startsWith("notify/");
    }

    /** api.auth=none trusts everyone it answers, so it answers only a laptop's and a LAN's callers (and those listed). */
    static ProblemException outsideNoneNetworks() {
        return new ProblemException(403, "outside-none-networks", "Not answered from this network",
                "This node runs with api.auth=none (every caller trusted), so it answers only callers on loopback and"
                + " private networks (RFC 1918, RFC 4193, link-local) and on the networks listed in"
                + " api.none-allow-networks. Reach it from such a network, or have its operator set api.auth=jwt.")
                .with("setting", "api.auth");
    }

    /** No bearer token at all: RFC 6750 says the challenge carries no error then. */
    static ProblemException noToken() {
        return new ProblemException(401, "unauthenticated", "Authentication required",
                "This call needs a bearer token from the merchant's identity provider: Authorization: Bearer <token>.")
                .header("WWW-Authenticate", "Bearer");
    }

    /** A token that was refused, and why: the same reason in the challenge and in the problem. */
    static ProblemException refused(TokenRefused.Reason reason) {
        return new ProblemException(401, "unauthenticated", "Authentication required",
                "The bearer token was refused: " + reason.text() + ". " + advice(reason))
                .with("reason", reason.text())
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + reason.text() + "\"");
    }

    /** Not the token's fault: its keys are not known yet. Answered at once, never held while they are read. */
    static ProblemException keysUnavailable(Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ProblemException(503, "signing-keys-unavailable", "Tokens cannot be checked yet",
                "The identity provider's signing keys for this token are not known yet: they are being read from "
                        + "mp.jwt.verify.publickey.location. Retry after the time in Retry-After.")
                .header("Retry-After", Long.toString(seconds));
    }

    private static String advice(TokenRefused.Reason reason) {
        return switch (reason) {
            case EXPIRED -> "Get a new token.";
            case NOT_YET_VALID -> "Check the clocks of the identity provider and of the caller.";
            case WRONG_ISSUER -> "Get the token from the identity provider named in mp.jwt.verify.issuer.";
            case WRONG_AUDIENCE -> "Get an access token for this API: its aud must name one of mp.jwt.verify.audiences "
                    + "(an ID token's aud is the app's client id).";
            case UNKNOWN_SIGNING_KEY -> "It is not signed by a key of the identity provider this API trusts.";
            case SIGNATURE_INVALID -> "Its signature does not verify; get a new token.";
            case ALGORITHM_NOT_ALLOWED -> "Only RS256 and ES256 tokens are accepted.";
            case MALFORMED -> "It is not a signed access token with an expiry and a subject.";
            case ID_TOKEN -> "An ID token says who signed in to an app, not that the app may call this API: "
                    + "send the access token the identity provider issued with it.";
            case NOT_AN_ACCESS_TOKEN -> "Its typ says it is another kind of token: send an access token.";
        };
    }
}
