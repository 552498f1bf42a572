package dev.iotpaymerchant.orders.boundary;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import dev.iotpaymerchant.access.boundary.ClientAmounts;
import dev.iotpaymerchant.access.boundary.CreateRateLimiter;
import dev.iotpaymerchant.access.control.Caller;
import dev.iotpaymerchant.idempotency.boundary.IdempotencyKeyHeader;
import dev.iotpaymerchant.idempotency.boundary.IdempotentRequest;
import dev.iotpaymerchant.idempotency.boundary.IdempotentRequests;
import dev.iotpaymerchant.idempotency.control.IdempotencyKeys;
import dev.iotpaymerchant.iotpay.control.IotPaySettings;
import dev.iotpaymerchant.iotpay.control.PayChannel;
import dev.iotpaymerchant.orders.control.NewOrder;
import dev.iotpaymerchant.orders.control.OrderQueries;
import dev.iotpaymerchant.orders.control.OrderSettings;
import dev.iotpaymerchant.orders.control.OrderView;
import dev.iotpaymerchant.orders.control.PaymentMethods;
import dev.iotpaymerchant.orders.control.PaymentOrders;
import dev.iotpaymerchant.orders.entity.OrderStatus;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.http.ClientAddress;
import dev.iotpaymerchant.platform.http.ContextRoot;
import dev.iotpaymerchant.platform.http.Jsons;
import dev.iotpaymerchant.platform.http.boundary.Paging;
import dev.iotpaymerchant.platform.http.boundary.ProblemException;
import dev.iotpaymerchant.platform.settings.PlatformSettings;
import dev.iotpaymerchant.platform.settings.Settings;
import dev.iotpaymerchant.platform.values.Instants;
import dev.iotpaymerchant.platform.values.MchOrderNo;

/** The JSON API for apps: create an order, then follow it until it is paid. */
@ApplicationScoped
@Path("orders")
public class OrdersResource {

    @Inject
    PaymentStart paymentStart;

    @Inject
    IdempotentRequests requests;

    @Inject
    PaymentOrders orders;

    @Inject
    OrderQueries queries;

    @Inject
    OrderSettings settings;

    @Inject
    IotPaySettings iotpay;

    @Inject
    PlatformSettings platform;

    @Inject
    Settings configuration;

    @Inject
    Caller caller;

    @Inject
    CreateRateLimiter rateLimiter;

    @Inject
    ClientAmounts clientAmounts;

    @Inject
    PaymentMethods methods;

    @Inject
    StatusLongPoll longPoll;

    @Inject
    QrImages qrImages;

    /** The longest a status long-poll waits. */
    static final int MAX_WAIT_SECONDS = 30;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body,
                           @HeaderParam("Idempotency-Key") String idempotencyKey, @Context UriInfo uri,
                           @Context HttpServletRequest http) {
        NewOrder request = OrderRequestJson.read(body, methods, iotpay.currency(), settings.defaultSubject(),
                settings.defaultBody(), settings.maxAmount(), clientIp(http));
        URI ordersBase = uri.getBaseUriBuilder().path("orders/").build();
        Optional<String> key = IdempotencyKeyHeader.optional(idempotencyKey);
        // What a new order must pass; a keyed retry gets its stored answer instead, whatever they say now.
        Runnable rules = () -> {
            clientAmounts.requireMayChoose();
            rateLimiter.take(caller.rateKey());
            configuration.requireUsable(); // a misconfigured node stores no key either
        };
        if (key.isEmpty()) {
            rules.run();
            PaymentStart.Started started = paymentStart.start(request, caller.subject(), Optional.empty());
            return Response.created(ordersBase.resolve(started.order().getMchOrderNo()))
                    .entity(createdJson(started)).build();
        }
        String stored = IdempotencyKeyHeader.scoped("", caller.subject(), key.get());
        IdempotentRequest idempotent = new IdempotentRequest(stored, IdempotencyKeys.hash(request.meaning()), "order",
                "mchOrderNo", iotpay.iotpayDeadline().plusMinutes(1), OrdersResource::outcomeUnknown,
                named -> Optional.empty()); // a failure after the order was stored leaves the key to the sweep's answer
        return requests.run(idempotent, rules, claim -> {
            PaymentStart.Started started = paymentStart.start(request, caller.subject(), Optional.of(claim));
            return new IdempotentRequests.Answer(201, MediaType.APPLICATION_JSON, createdJson(started),
                    ordersBase.resolve(started.order().getMchOrderNo()).toString());
        }).answer().response().build();
    }

    /**
     * For a stored order whose first request under an Idempotency-Key stopped before it answered:
     * the sweep settles it (orders made for checkouts answer the same).
     */
    public static Optional<IdempotentRequests.Answer> outcomeUnknown(String mchOrderNo) {
        return Optional.of(IdempotentRequests.Answer.of(new ProblemException(504, "gateway-outcome-unknown",
                "Payment outcome unknown", "The first request with this key did not finish. Poll GET "
                + ContextRoot.of("/api/orders/" + mchOrderNo) + " for the order's status.").with("mchOrderNo", mchOrderNo)));
    }

    /** The 201 body: the order and the payParams the app's wallet SDK needs. */
    private static String createdJson(PaymentStart.Started started) {
        JsonObjectBuilder json = OrderView.answer(started.order());
        JsonValue payParams = started.gateway().payParams();
        json.add("payParams", payParams == null ? JsonValue.NULL : payParams);
        return json.build().toString();
    }

    /**
     * The order; with {@code wait} (seconds, at most 30) and {@code known} (the status the caller has),
     * a long-poll: answered as soon as the status differs from {@code known}, or when the wait ends.
     * No thread is held meanwhile ({@link StatusLongPoll}).
     */
    @GET
    @Path("{mchOrderNo}")
    @Produces(MediaType.APPLICATION_JSON)
    public void find(@PathParam("mchOrderNo") String mchOrderNo, @QueryParam("wait") String wait,
                     @QueryParam("known") String known, @Suspended AsyncResponse async,
                     @Context HttpServletRequest http) {
        Optional<Duration> waitFor = waitParameter(wait);
        Optional<OrderStatus> knownStatus = Optional.ofNullable(known).map(text -> status(text, "known"));
        if (waitFor.isPresent() && knownStatus.isEmpty()) {
            throw ProblemException.badRequest("'wait' needs 'known': the status the caller already has, e.g. known=PENDING.");
        }
        PaymentOrder order = visible(mchOrderNo);
        if (waitFor.isEmpty() || order.getStatus() != knownStatus.get()) {
            async.resume(OrderView.answer(order).build().toString());
            return;
        }
        longPoll.start(async, http, mchOrderNo, knownStatus.get(), waitFor.get());
    }

    /**
     * The QR code a payer scans to pay the order (WX_NATIVE, ALIPAY_QR, UPI_QR), as SVG, while it can be paid;
     * drawn once, with an ETag ({@link QrImages}).
     */
    @GET
    @Path("{mchOrderNo}/qr.svg")
    @Produces("image/svg+xml")
    public Response qrSvg(@PathParam("mchOrderNo") String mchOrderNo, @HeaderParam("If-None-Match") String ifNoneMatch) {
        QrImages.checkIfNoneMatch(ifNoneMatch);
        return qrImages.answer(qrContent(mchOrderNo), QrImages.Format.SVG, ifNoneMatch);
    }

    /** As {@link #qrSvg}, as PNG. */
    @GET
    @Path("{mchOrderNo}/qr.png")
    @Produces("image/png")
    public Response qrPng(@PathParam("mchOrderNo") String mchOrderNo, @HeaderParam("If-None-Match") String ifNoneMatch) {
        QrImages.checkIfNoneMatch(ifNoneMatch);
        return qrImages.answer(qrContent(mchOrderNo), QrImages.Format.PNG, ifNoneMatch);
    }

    private String qrContent(String mchOrderNo) {
        PaymentOrder order = visible(mchOrderNo);
        return OrderView.nextAction(order).filter(next -> "qr".equals(next.getString("type", "")))
                .map(next -> next.getString("content"))
                .orElseThrow(() -> ProblemException.notFound(order.getChannel().kind() == PayChannel.Kind.QR
                        ? "The order has no QR code to show: it is " + order.getStatus() + "."
                        : "The order has no QR code: " + order.getChannel() + " is not a QR channel."));
    }

    /** The order, if this caller may see it; otherwise a 404 that does not say whether it exists. */
    private PaymentOrder visible(String mchOrderNo) {
        return MchOrderNo.parse(mchOrderNo).flatMap(orders::find).filter(found -> caller.maySee(found.getOwner())).orElseThrow(() ->
                ProblemException.notFound("There is no order with this number."));
    }

    private static Optional<Duration> waitParameter(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (!text.matches("[0-9]{1,2}") || Integer.parseInt(text) > MAX_WAIT_SECONDS) {
            throw ProblemException.badRequest("'wait' is a whole number of seconds from 0 to " + MAX_WAIT_SECONDS + ".");
        }
        int seconds = Integer.parseInt(text);
        return seconds == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String list(@QueryParam("limit") String limit,
                       @QueryParam("after") String after,
                       @QueryParam("status") String status,
                       @QueryParam("from") String from,
                       @QueryParam("to") String to,
                       @QueryParam("owner") String owner,
                       @QueryParam("channel") String channel,
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
        OrderQueries.Filter filter = new OrderQueries.Filter(ownerFilter, Optional.ofNullable(status).map(text -> status(text, "status")), Instants.parameter("from", from),
                Instants.parameter("to", to), channel(channel), Optional.ofNullable(payOrderId));
        Optional<OrderQueries.Cursor> cursor = after == null ? Optional.empty() : Optional.of(OrderQueries.Cursor.decode(after)
                .orElseThrow(() -> ProblemException.badRequest("The 'after' cursor is not one this API gave out.")));
        OrderQueries.Page page = queries.list(filter, Paging.limit(limit, OrderQueries.MAX_LIMIT), cursor);
        JsonArrayBuilder items = Jsons.array();
        page.orders().forEach(order -> items.add(OrderView.answer(order)));
        JsonObjectBuilder json = Jsons.object().add("orders", items);
        page.next().ifPresentOrElse(next -> json.add("next", next), () -> json.addNull("next"));
        return json.build().toString();
    }


    private static OrderStatus status(String text, String parameter) {
        try {
            return OrderStatus.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Unknown status in '" + parameter + "'; one of UNKNOWN, PENDING, PAID, "
                    + "FAILED, CLOSED, PAID_AFTER_CLOSE, NEEDS_REVIEW.");
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

    private String clientIp(HttpServletRequest http) {
        return ClientAddress.of(http, platform.trustedProxies());
    }
}
