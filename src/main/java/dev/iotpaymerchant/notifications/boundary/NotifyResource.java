package dev.iotpaymerchant.notifications.boundary;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import dev.iotpaymerchant.notifications.control.PaymentNotifications;
import dev.iotpaymerchant.notifications.control.Verdict;
import dev.iotpaymerchant.platform.http.ClientAddress;
import dev.iotpaymerchant.platform.http.boundary.ProblemException;
import dev.iotpaymerchant.platform.observability.Metrics;
import dev.iotpaymerchant.platform.observability.Traces;
import dev.iotpaymerchant.platform.settings.PlatformSettings;
import dev.iotpaymerchant.platform.values.LogSafe;

/**
 * IOTPay's payment callback. Parameters may arrive in the query string, the form body, or both.
 * Answers the plain text {@code success} only once the payment (and its outbox event) is committed,
 * or was already; anything else gets a non-2xx problem, so IOTPay retries and nothing is lost.
 * Fulfilment happens elsewhere, after the answer: this request waits for the commit only.
 */
@ApplicationScoped
@Path("notify")
public class NotifyResource {

    public static final String SUCCESS = "success";

    @Inject
    PaymentNotifications notifications;

    @Inject
    Metrics metrics;

    @Inject
    PlatformSettings platform;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response receive(@Context UriInfo uri, @Context HttpHeaders headers, @Context HttpServletRequest http,
                            byte[] body) {
        // Behind our reverse proxy the connection is the proxy's: the sender is what ClientAddress vouches for.
        String remote = ClientAddress.of(http, platform.trustedProxies());
        if (body.length > 0 && !isForm(headers.getMediaType())) {
            throw new ProblemException(415, "unsupported-media-type", "Unsupported notification body",
                    "A notification body must be application/x-www-form-urlencoded.");
        }
        Map<String, String> parameters;
        try {
            parameters = NotificationLimits.check(FormParameters.merge(
                    FormParameters.parse(uri.getRequestUri().getRawQuery()),
                    FormParameters.parse(new String(body, StandardCharsets.UTF_8))));
        } catch (IllegalArgumentException e) {
            Verdict verdict = notifications.malformed(LogSafe.text(e.getMessage()), remote);
            count(verdict);
            throw ProblemException.badRequest("The notification is malformed: " + verdict.reason() + ".");
        }
        Verdict verdict;
        try (Traces.Scope named = Traces.forOrder(parameters.get("mchOrderNo"))) {
            verdict = notifications.receive(parameters, remote); // committed when it returns
        }
        count(verdict);
        switch (verdict.outcome()) {
            case APPLIED -> metrics.orderSettled("PAID");
            case PAID_AFTER_CLOSE -> metrics.orderSettled("PAID_AFTER_CLOSE");
            default -> {
                // no order changed
            }
        }
        if (verdict.outcome().acknowledged()) {
            return Response.ok(SUCCESS, MediaType.TEXT_PLAIN_TYPE).build();
        }
        throw refusal(verdict);
    }

    private void count(Verdict verdict) {
        metrics.notification(verdict.outcome().name());
        if (!verdict.recorded()) {
            metrics.notificationNotRecorded(verdict.outcome().name());
        }
        if (verdict.previousKey()) {
            metrics.notificationWithPreviousKey(verdict.outcome().name());
        }
    }

    private static ProblemException refusal(Verdict verdict) {
        return switch (verdict.outcome()) {
            case BAD_SIGNATURE -> new ProblemException(403, "notification-signature", "Notification not authentic",
                    "The notification's signature does not verify: " + verdict.reason() + ".");
            case UNKNOWN_ORDER -> new ProblemException(404, "notification-unknown-order", "Unknown order",
                    "The notification names an order this merchant never created.");
            case MISMATCH -> new ProblemException(422, "notification-mismatch", "Notification does not match the order",
                    "The notification is signed but does not match the order: " + verdict.reason() + ".");
            default -> ProblemException.badRequest("The notification is malformed: " + verdict.reason() + ".");
        };
    }

    private static boolean isForm(MediaType type) {
        return type != null && type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
    }
}
