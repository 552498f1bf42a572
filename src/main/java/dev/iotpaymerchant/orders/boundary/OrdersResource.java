package dev.iotpaymerchant.orders.boundary;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import dev.iotpaymerchant.orders.control.ClientAddress;
import dev.iotpaymerchant.orders.control.NewOrder;
import dev.iotpaymerchant.orders.control.PaymentOrders;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.control.ProblemException;
import dev.iotpaymerchant.platform.control.Settings;

/** The JSON API for apps: create an order, then follow it until it is paid. */
@Path("orders")
public class OrdersResource {

    @Inject
    Checkout checkout;

    @Inject
    PaymentOrders orders;

    @Inject
    Settings settings;

    @Context
    HttpServletRequest http;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body, @Context UriInfo uri) {
        NewOrder request = OrderRequestJson.read(body, settings.currency(), settings.defaultSubject(),
                settings.defaultBody(), settings.maxAmount(), clientIp());
        Checkout.Started started = checkout.start(request);
        PaymentOrder order = started.order();
        JsonObjectBuilder json = OrderJson.of(order);
        JsonValue payParams = started.gateway().payParams();
        json.add("payParams", payParams == null ? JsonValue.NULL : payParams);
        URI location = uri.getBaseUriBuilder().path("orders").path(order.getMchOrderNo()).build();
        return Response.created(location).entity(json.build().toString()).build();
    }

    @GET
    @Path("{mchOrderNo}")
    @Produces(MediaType.APPLICATION_JSON)
    public String find(@PathParam("mchOrderNo") String mchOrderNo) {
        PaymentOrder order = orders.find(mchOrderNo).orElseThrow(() ->
                ProblemException.notFound("There is no order with this number."));
        return OrderJson.of(order).build().toString();
    }

    private String clientIp() {
        return ClientAddress.resolve(http.getRemoteAddr(), http.getHeader("X-Forwarded-For"), settings.trustedProxies());
    }
}
