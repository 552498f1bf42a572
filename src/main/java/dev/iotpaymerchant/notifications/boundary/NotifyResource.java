package dev.iotpaymerchant.notifications.boundary;

import java.nio.charset.StandardCharsets;
import java.util.Map;

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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.iotpaymerchant.notifications.control.PaymentNotifications;
import dev.iotpaymerchant.notifications.control.Verdict;
import dev.iotpaymerchant.platform.boundary.ApiDocs;
import dev.iotpaymerchant.platform.control.LogSafe;
import dev.iotpaymerchant.platform.control.Metrics;
import dev.iotpaymerchant.platform.control.ProblemException;

/**
 * IOTPay's payment callback. Parameters may arrive in the query string, the form body, or both.
 * Answers the plain text {@code success} only once the payment (and its outbox event) is committed,
 * or was already; anything else gets a non-2xx problem, so IOTPay retries and nothing is lost.
 * Fulfilment happens elsewhere, after the answer: this request waits for the commit only.
 */
@Path("notify")
public class NotifyResource {

    public static final String SUCCESS = "success";

    @Inject
    PaymentNotifications notifications;

    @Inject
    Metrics metrics;

    @Context
    HttpServletRequest http;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Tag(name = "iotpay")
    @Operation(summary = "IOTPay's payment notification",
            description = "IOTPay's asynchronous result (PROTOCOL §6): parameters in the query string, an "
                    + "application/x-www-form-urlencoded body, or both (the same name must then carry the same value). "
                    + "Verified over all received parameters with the merchant key, bound to the order (mchId, "
                    + "mchOrderNo, amount, currency, status 2 or 3), applied once and committed before the answer.")
    @Parameter(name = "mchOrderNo", in = ParameterIn.QUERY, description = "Our order number", example = "MOq3Zk1V7xJ0aN2bL5cR8tYw")
    @Parameter(name = "payOrderId", in = ParameterIn.QUERY, example = "P0020261126123212000003")
    @Parameter(name = "mchId", in = ParameterIn.QUERY, example = "10000701")
    @Parameter(name = "amount", in = ParameterIn.QUERY, description = "Integer minor units", example = "1999")
    @Parameter(name = "currency", in = ParameterIn.QUERY, example = "CAD")
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "2 (paid) or 3 (paid and notified)", example = "2")
    @Parameter(name = "sign", in = ParameterIn.QUERY, description = "IOTPay's MD5 signature over all other non-empty parameters")
    @APIResponse(responseCode = "200", description = "Verified and committed (or already paid), or a signed payment that "
            + "does not match the order and is now kept as NEEDS_REVIEW: IOTPay stops retrying",
            content = @Content(mediaType = "text/plain", examples = @ExampleObject(name = "acknowledged", value = "success")))
    @APIResponse(responseCode = "400", description = "Malformed: a parameter repeated, or different in query and body",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "403", description = "Missing or wrong signature: nothing changes",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "forged", value = """
                    {"type":"urn:iotpay-merchant:problem:notification-signature","title":"Notification not authentic","status":403,\
                    "detail":"The notification's signature does not verify: the sign does not match the parameters."}""")))
    @APIResponse(responseCode = "404", description = "Signed, for an order this merchant never created",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "413", description = "Body over 16 KiB", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "415", description = "A body that is not form-encoded", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "422", description = "Signed but not a payment we take: another merchant, status 0 or 1, a "
            + "browser return, an amount that is not a whole number, or a contradicting report for an order already paid",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "mismatch", value = """
                    {"type":"urn:iotpay-merchant:problem:notification-mismatch","title":"Notification does not match the order",\
                    "status":422,"detail":"The notification is signed but does not match the order: mchId is not ours."}""")))
    @APIResponse(responseCode = "503", description = "Database unreachable: not acknowledged, so IOTPay retries",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "unavailable", value = ApiDocs.UNAVAILABLE)))
    public Response receive(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        String remote = http.getRemoteAddr();
        if (body.length > 0 && !isForm(headers.getMediaType())) {
            throw new ProblemException(415, "unsupported-media-type", "Unsupported notification body",
                    "A notification body must be application/x-www-form-urlencoded.");
        }
        Map<String, String> parameters;
        try {
            parameters = FormParameters.merge(
                    FormParameters.parse(uri.getRequestUri().getRawQuery()),
                    FormParameters.parse(new String(body, StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            Verdict verdict = notifications.malformed(LogSafe.text(e.getMessage()), remote);
            count(verdict);
            throw ProblemException.badRequest("The notification is malformed: " + verdict.reason() + ".");
        }
        Verdict verdict = notifications.receive(parameters, remote); // committed when it returns
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
