package dev.iotpaymerchant.orders.boundary;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.iotpaymerchant.access.control.Caller;
import dev.iotpaymerchant.access.control.CreateRateLimiter;
import dev.iotpaymerchant.orders.control.IdempotencyKeys;
import dev.iotpaymerchant.orders.control.NewOrder;
import dev.iotpaymerchant.orders.control.OrderQueries;
import dev.iotpaymerchant.orders.entity.OrderStatus;
import dev.iotpaymerchant.orders.entity.PayChannel;
import dev.iotpaymerchant.platform.control.ClientAddress;
import dev.iotpaymerchant.orders.control.OrderView;
import dev.iotpaymerchant.orders.control.PaymentOrders;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.boundary.ApiDocs;
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
    OrderQueries queries;

    @Inject
    Settings settings;

    @Inject
    Caller caller;

    @Inject
    CreateRateLimiter rateLimiter;

    @Context
    HttpServletRequest http;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Tag(name = "payments")
    @Operation(summary = "Create an order", description = "Creates the order at IOTPay and answers it with the payParams "
            + "the app's wallet SDK needs. Unknown fields, decimal or string amounts and repeated fields are refused.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(
            description = "channelId (WX_APP or ALIPAY_MOBILE) and amount (integer minor units) are required; currency "
                    + "(CAD, USD, CNY; default iotpay.currency), subject (64), body (255), param1 (64), param2 (64), "
                    + "osType (IOS or ANDROID) are optional"),
            examples = @ExampleObject(name = "WeChat Pay", value = "{\"channelId\":\"WX_APP\",\"amount\":1999,\"subject\":\"Tea\"}")))
    @APIResponse(responseCode = "201", description = "Created; Location is the order",
            content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "created", value = """
                    {"mchOrderNo":"MOq3Zk1V7xJ0aN2bL5cR8tYw","payOrderId":"P0020261126123212000003","channelId":"WX_APP",\
                    "amount":1999,"currency":"CAD","status":"PENDING","createdAt":"2026-11-26T12:32:12.537137Z",\
                    "payParams":{"appid":"wx0123456789abcdef","partnerid":"1900000109","prepayid":"wx26123212f7db74fdb0233b9fc52486cc",\
                    "package":"Sign=WXPay","noncestr":"da76ebbc5ec310fae3a272ef8fbc3f99","timestamp":"1795696332",\
                    "sign":"F7EF24959E135A8BAFAB1561B890C3DC"}}""")))
    @APIResponse(responseCode = "400", description = "Invalid body or Idempotency-Key; IOTPay is not called",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "invalid", value = ApiDocs.BAD_REQUEST)))
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is still in progress",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "413", description = "Body over 16 KiB",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "too large", value = ApiDocs.TOO_LARGE)))
    @APIResponse(responseCode = "415", description = "Not application/json", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used with a different request",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "502", description = "IOTPay refused the order; it is FAILED",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "rejected", value = ApiDocs.REJECTED)))
    @APIResponse(responseCode = "504", description = "No usable answer from IOTPay; poll the mchOrderNo",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "unknown", value = ApiDocs.UNKNOWN)))
    @APIResponse(responseCode = "503", description = "Database unreachable or payments not configured",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "unavailable", value = ApiDocs.UNAVAILABLE)))
    public Response create(String body,
                           @Parameter(description = "Makes retries safe: the same key and body give the same order "
                                   + "(1 to 255 visible ASCII characters, e.g. a UUID)", example = "7f1d3a52-8a0e-4b8e-9f55-3f3c0f1b2a10")
                           @HeaderParam("Idempotency-Key") String idempotencyKey, @Context UriInfo uri) {
        NewOrder request = OrderRequestJson.read(body, settings.currency(), settings.defaultSubject(),
                settings.defaultBody(), settings.maxAmount(), clientIp());
        URI ordersBase = uri.getBaseUriBuilder().path("orders/").build();
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw ProblemException.badRequest("The Idempotency-Key must be 1 to 255 visible ASCII characters, "
                    + "e.g. a UUID.");
        }
        rateLimiter.take(caller.rateKey());
        if (idempotencyKey == null) {
            Checkout.Started started = checkout.start(request, caller.subject(), Optional.empty());
            return Response.created(ordersBase.resolve(started.order().getMchOrderNo()))
                    .entity(createdJson(started)).build();
        }
        IdempotentCheckout.Answer answer = idempotent.create(IdempotencyKeys.scoped(caller.subject(), idempotencyKey),
                request, caller.subject(), ordersBase);
        Response.ResponseBuilder response = Response.status(answer.status()).type(answer.type()).entity(answer.body());
        if (answer.location() != null) {
            response.location(URI.create(answer.location()));
        }
        return response.build();
    }

    /** The 201 body: the order and the payParams the app's wallet SDK needs. */
    static String createdJson(Checkout.Started started) {
        JsonObjectBuilder json = OrderView.builder(started.order());
        JsonValue payParams = started.gateway().payParams();
        json.add("payParams", payParams == null ? JsonValue.NULL : payParams);
        return json.build().toString();
    }

    @GET
    @Path("{mchOrderNo}")
    @Produces(MediaType.APPLICATION_JSON)
    @Tag(name = "payments")
    @Operation(summary = "Follow an order", description = "Status is UNKNOWN, PENDING, PAID, FAILED, CLOSED, PAID_AFTER_CLOSE "
            + "or NEEDS_REVIEW; paidAt appears once paid, statusReason once settled otherwise, and for NEEDS_REVIEW "
            + "'reported' holds what IOTPay reported (payOrderId, amount, currency).")
    @APIResponse(responseCode = "200", description = "The order",
            content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "paid", value = """
                    {"mchOrderNo":"MOq3Zk1V7xJ0aN2bL5cR8tYw","payOrderId":"P0020261126123212000003","channelId":"WX_APP",\
                    "amount":1999,"currency":"CAD","status":"PAID","createdAt":"2026-11-26T12:32:12.537137Z",\
                    "paidAt":"2026-11-26T12:32:15.549Z"}""")))
    @APIResponse(responseCode = "404", description = "No such order",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "unknown order", value = ApiDocs.NOT_FOUND)))
    public String find(@Parameter(description = "The order number this backend gave out", example = "MOq3Zk1V7xJ0aN2bL5cR8tYw")
                       @PathParam("mchOrderNo") String mchOrderNo) {
        PaymentOrder order = orders.find(mchOrderNo).filter(found -> caller.maySee(found.getOwner())).orElseThrow(() ->
                ProblemException.notFound("There is no order with this number."));
        return OrderView.of(order).toString();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Tag(name = "payments")
    @Operation(summary = "List orders, newest first", description = "The caller's own orders; an operator (or any caller "
            + "when api.auth=none) sees everyone's and may filter by owner. Keyset paging: pass the answer's 'next' as "
            + "'after' for the following page; 'next' is null on the last page.")
    @APIResponse(responseCode = "200", description = "A page of orders",
            content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "page", value = """
                    {"orders":[{"mchOrderNo":"MOq3Zk1V7xJ0aN2bL5cR8tYw","payOrderId":"P0020261126123212000003",                    "channelId":"WX_APP","amount":1999,"currency":"CAD","status":"PAID",                    "createdAt":"2026-11-26T12:32:12.537137Z","paidAt":"2026-11-26T12:32:15.549Z","owner":"user-42"}],                    "next":"MjAyNi0xMS0yNlQxMjozMjoxMi41MzcxMzdafDEwMQ"}""")))
    @APIResponse(responseCode = "400", description = "A bad limit, cursor, status or time",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "401", description = "No valid bearer token (api.auth=jwt)",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "403", description = "Filtering by owner needs the operator group",
            content = @Content(mediaType = "application/problem+json"))
    public String list(@Parameter(description = "Page size, 1 to 100 (default 20)") @QueryParam("limit") String limit,
                       @Parameter(description = "The 'next' cursor of the previous page") @QueryParam("after") String after,
                       @Parameter(description = "Only orders in this status") @QueryParam("status") String status,
                       @Parameter(description = "Created at or after this instant (ISO-8601, e.g. 2026-11-26T00:00:00Z)")
                       @QueryParam("from") String from,
                       @Parameter(description = "Created before this instant (ISO-8601)") @QueryParam("to") String to,
                       @Parameter(description = "Operators: only this owner's orders") @QueryParam("owner") String owner,
                       @Parameter(description = "Only orders of this channel (WX_APP or ALIPAY_MOBILE)")
                       @QueryParam("channel") String channel,
                       @Parameter(description = "Only the order IOTPay knows by this payOrderId")
                       @QueryParam("payOrderId") String payOrderId) {
        if (owner != null && !caller.isOperator()) {
            throw new ProblemException(403, "forbidden", "Not allowed",
                    "Only the operator group may list other callers' orders.");
        }
        if (owner != null && (owner.length() > 255 || owner.chars().anyMatch(Character::isISOControl))) {
            throw ProblemException.badRequest("'owner' is a token subject: at most 255 characters, no control characters.");
        }
        Optional<String> ownerFilter = caller.isOperator() ? Optional.ofNullable(owner) : caller.subject();
        if (payOrderId != null && !payOrderId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw ProblemException.badRequest("'payOrderId' is IOTPay's order id: 1 to 64 letters, digits, '_' or '-'.");
        }
        OrderQueries.Filter filter = new OrderQueries.Filter(ownerFilter, status(status), instant("from", from),
                instant("to", to), channel(channel), Optional.ofNullable(payOrderId));
        Optional<OrderQueries.Cursor> cursor = after == null ? Optional.empty() : Optional.of(OrderQueries.Cursor.decode(after)
                .orElseThrow(() -> ProblemException.badRequest("The 'after' cursor is not one this API gave out.")));
        OrderQueries.Page page = queries.list(filter, limit(limit), cursor);
        JsonArrayBuilder items = Json.createArrayBuilder();
        page.orders().forEach(order -> items.add(OrderView.of(order)));
        JsonObjectBuilder json = Json.createObjectBuilder().add("orders", items);
        page.next().ifPresentOrElse(next -> json.add("next", next), () -> json.addNull("next"));
        return json.build().toString();
    }

    private static int limit(String text) {
        if (text == null) {
            return 20;
        }
        if (!text.matches("[0-9]{1,3}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > OrderQueries.MAX_LIMIT) {
            throw ProblemException.badRequest("The limit must be a whole number from 1 to " + OrderQueries.MAX_LIMIT + ".");
        }
        return Integer.parseInt(text);
    }

    private static Optional<OrderStatus> status(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OrderStatus.valueOf(text));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Unknown status; one of UNKNOWN, PENDING, PAID, FAILED, CLOSED, "
                    + "PAID_AFTER_CLOSE, NEEDS_REVIEW.");
        }
    }

    private static Optional<PayChannel> channel(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(PayChannel.valueOf(text));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Unknown channel; one of " + java.util.Arrays.toString(PayChannel.values()) + ".");
        }
    }

    private static Optional<OffsetDateTime> instant(String name, String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text));
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("'" + name + "' must be an ISO-8601 instant with offset, e.g. 2026-11-26T00:00:00Z.");
        }
    }

    private String clientIp() {
        return ClientAddress.of(http, settings.trustedProxies());
    }
}
