package dev.iotpaymerchant.orders.boundary;

import java.net.URI;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    @Inject
    Checkout checkout;

    @Inject
    IdempotentCheckout idempotent;

    @Inject
    PaymentOrders orders;

    @Inject
    Settings settings;

    @Context
    HttpServletRequest http;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body, @HeaderParam("Idempotency-Key") String idempotencyKey, @Context UriInfo uri) {
        NewOrder request = OrderRequestJson.read(body, settings.currency(), settings.defaultSubject(),
                settings.defaultBody(), settings.maxAmount(), clientIp());
        URI ordersBase = uri.getBaseUriBuilder().path("orders/").build();
        if (idempotencyKey == null) {
            Checkout.Started started = checkout.start(request);
            return Response.created(ordersBase.resolve(started.order().getMchOrderNo()))
                    .entity(createdJson(started)).build();
        }
        if (!IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw ProblemException.badRequest("The Idempotency-Key must be 1 to 255 visible ASCII characters, "
                    + "e.g. a UUID.");
        }
        IdempotentCheckout.Answer answer = idempotent.create(idempotencyKey, request, ordersBase);
        Response.ResponseBuilder response = Response.status(answer.status()).type(answer.type()).entity(answer.body());
        if (answer.location() != null) {
            response.location(URI.create(answer.location()));
        }
        return response.build();
    }

    /** The 201 body: the order and the payParams the app's wallet SDK needs. */
    static String createdJson(Checkout.Started started) {
        JsonObjectBuilder json = OrderJson.of(started.order());
        JsonValue payParams = started.gateway().payParams();
        json.add("payParams", payParams == null ? JsonValue.NULL : payParams);
        return json.build().toString();
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
