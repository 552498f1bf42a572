package dev.iotpaymerchant.notifications.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.iotpaymerchant.access.control.Caller;
import dev.iotpaymerchant.notifications.control.NotificationLog;
import dev.iotpaymerchant.notifications.entity.ReceivedNotification;
import dev.iotpaymerchant.orders.control.PaymentOrders;
import dev.iotpaymerchant.platform.http.Jsons;
import dev.iotpaymerchant.platform.http.boundary.ProblemException;
import dev.iotpaymerchant.platform.values.Instants;
import dev.iotpaymerchant.platform.values.MchOrderNo;

/**
 * {@code GET /api/orders/{mchOrderNo}/notifications}, for operators: everything that reached us for
 * the order, as recorded (parameters without the sign, outcome, reason, time, remote address).
 * The parameters are attacker-controlled text and are served as JSON strings, nothing else.
 */
@ApplicationScoped
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
    public String notifications(@PathParam("mchOrderNo") String mchOrderNo) {
        if (!caller.isOperator()) {
            throw new ProblemException(403, "forbidden", "Not allowed", "An order's notification log is for the operator group.");
        }
        MchOrderNo number = MchOrderNo.parse(mchOrderNo).filter(parsed -> orders.find(parsed).isPresent())
                .orElseThrow(() -> ProblemException.notFound("There is no order with this number."));
        JsonArrayBuilder list = Jsons.array();
        for (ReceivedNotification row : log.ofOrder(number.value())) {
            JsonObjectBuilder json = Jsons.object()
                    .add("receivedAt", Instants.text(row.getReceivedAt()))
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
        return Jsons.object().add("notifications", list).build().toString();
    }

    /** The stored "name=value" lines back as an object (the values were cleaned when stored). */
    private static JsonObjectBuilder parameters(String lines) {
        JsonObjectBuilder parameters = Jsons.object();
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
