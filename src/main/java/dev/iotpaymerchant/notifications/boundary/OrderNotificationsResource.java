package dev.iotpaymerchant.notifications.boundary;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.iotpaymerchant.access.control.Caller;
import dev.iotpaymerchant.notifications.control.NotificationLog;
import dev.iotpaymerchant.notifications.entity.ReceivedNotification;
import dev.iotpaymerchant.orders.control.PaymentOrders;
import dev.iotpaymerchant.platform.control.ProblemException;

/**
 * {@code GET /api/orders/{mchOrderNo}/notifications}, for operators: everything that reached us for
 * the order, as recorded (parameters without the sign, outcome, reason, time, remote address).
 * The parameters are attacker-controlled text and are served as JSON strings, nothing else.
 */
@Path("orders/{mchOrderNo}/notifications")
public class OrderNotificationsResource {

    @Inject
    Caller caller;

    @Inject
    PaymentOrders orders;

    @Inject
    NotificationLog log;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Tag(name = "operations")
    @Operation(summary = "An order's notification log (operators)", description = "Every notification recorded for the "
            + "order, oldest first. The sign is never stored. Needs the operator group (api.operator-group).")
    @APIResponse(responseCode = "200", description = "The log", content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "applied", value = """
                    {"notifications":[{"receivedAt":"2026-11-26T12:32:15.61Z","outcome":"APPLIED","remoteAddress":"203.0.113.9",\
                    "parameters":{"amount":"1999","currency":"CAD","mchId":"10000701","mchOrderNo":"MOq3Zk1V7xJ0aN2bL5cR8tYw",\
                    "payOrderId":"P0020261126123212000003","status":"2"}}]}""")))
    @APIResponse(responseCode = "401", description = "No valid bearer token", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "403", description = "Not in the operator group", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "404", description = "No such order", content = @Content(mediaType = "application/problem+json"))
    public String notifications(@Parameter(description = "The order number") @PathParam("mchOrderNo") String mchOrderNo) {
        if (!caller.isOperator()) {
            throw new ProblemException(403, "forbidden", "Not allowed", "An order's notification log is for the operator group.");
        }
        orders.find(mchOrderNo).orElseThrow(() -> ProblemException.notFound("There is no order with this number."));
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (ReceivedNotification row : log.ofOrder(mchOrderNo)) {
            JsonObjectBuilder json = Json.createObjectBuilder()
                    .add("receivedAt", row.getReceivedAt().toString())
                    .add("outcome", row.getOutcome().name());
            if (row.getReason() != null) {
                json.add("reason", row.getReason());
            }
            if (row.getRemoteAddress() != null) {
                json.add("remoteAddress", row.getRemoteAddress());
            }
            json.add("parameters", parameters(row.getParameters()));
            list.add(json);
        }
        return Json.createObjectBuilder().add("notifications", list).build().toString();
    }

    /** The stored "name=value" lines back as an object (the values were cleaned when stored). */
    private static JsonObjectBuilder parameters(String lines) {
        JsonObjectBuilder parameters = Json.createObjectBuilder();
        if (lines != null) {
            for (String line : lines.split("\n")) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    parameters.add(line.substring(0, equals), line.substring(equals + 1));
                }
            }
        }
        return parameters;
    }
}
