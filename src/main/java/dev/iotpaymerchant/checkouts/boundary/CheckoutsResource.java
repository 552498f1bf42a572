package dev.iotpaymerchant.checkouts.boundary;

import java.net.URI;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import dev.iotpaymerchant.access.boundary.CreateRateLimiter;
import dev.iotpaymerchant.access.control.Caller;
import dev.iotpaymerchant.checkouts.control.CheckoutClosing;
import dev.iotpaymerchant.checkouts.control.CheckoutQueries;
import dev.iotpaymerchant.checkouts.control.CheckoutRefused;
import dev.iotpaymerchant.checkouts.control.CheckoutSettings;
import dev.iotpaymerchant.checkouts.control.CheckoutView;
import dev.iotpaymerchant.checkouts.control.Checkouts;
import dev.iotpaymerchant.checkouts.control.NewCheckout;
import dev.iotpaymerchant.checkouts.entity.Checkout;
import dev.iotpaymerchant.checkouts.entity.CheckoutStatus;
import dev.iotpaymerchant.idempotency.boundary.IdempotencyKeyHeader;
import dev.iotpaymerchant.idempotency.boundary.IdempotentRequest;
import dev.iotpaymerchant.idempotency.boundary.IdempotentRequests;
import dev.iotpaymerchant.idempotency.control.IdempotencyKeys;
import dev.iotpaymerchant.iotpay.control.IotPaySettings;
import dev.iotpaymerchant.orders.boundary.OrdersResource;
import dev.iotpaymerchant.orders.boundary.PaymentStart.Started;
import dev.iotpaymerchant.orders.control.NewOrder;
import dev.iotpaymerchant.orders.control.OrderSettings;
import dev.iotpaymerchant.orders.control.OrderView;
import dev.iotpaymerchant.orders.control.PaymentMethod;
import dev.iotpaymerchant.orders.control.PaymentMethods;
import dev.iotpaymerchant.platform.http.ClientAddress;
import dev.iotpaymerchant.platform.http.Jsons;
import dev.iotpaymerchant.platform.http.boundary.Paging;
import dev.iotpaymerchant.platform.http.boundary.ProblemException;
import dev.iotpaymerchant.platform.settings.PlatformSettings;
import dev.iotpaymerchant.platform.settings.Settings;

/**
 * {@code /api/checkouts}: the merchant's server sets the price (merchant group or operators; anyone
 * with api.auth=none), the payer pays it. A checkout is paid by its first paid attempt; any other
 * payment is extra money, refunded (checkouts.refund-duplicates) and shown in the review queue.
 */
@ApplicationScoped
@Path("checkouts")
@Produces(MediaType.APPLICATION_JSON)
public class CheckoutsResource {

    @Inject
    PaymentMethods methods;

    @Inject
    Checkouts checkouts;

    @Inject
    CheckoutQueries queries;

    @Inject
    CheckoutClosing closing;

    @Inject
    CheckoutPayments payments;

    @Inject
    IdempotentRequests requests;

    @Inject
    Caller caller;

    @Inject
    CreateRateLimiter rateLimiter;

    @Inject
    CheckoutSettings settings;

    @Inject
    OrderSettings orderSettings;

    @Inject
    IotPaySettings iotpay;

    @Inject
    PlatformSettings platform;

    @Inject
    Settings configuration;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body, @HeaderParam("Idempotency-Key") String idempotencyKey, @Context UriInfo uri) {
        requireMerchant();
        NewCheckout request = CheckoutRequestJson.read(body, iotpay.currency(), orderSettings.defaultBody(),
                orderSettings.maxAmount(), settings.expireAfter(), orderSettings.expireAfter());
        Optional<String> key = IdempotencyKeyHeader.optional(idempotencyKey);
        URI base = uri.getBaseUriBuilder().path("checkouts/").build();
        if (key.isEmpty()) {
            configuration.requireUsable(); // a misconfigured node writes nothing
            return answer(create(request), base).response().build();
        }
        IdempotentRequest idempotent = IdempotentRequest.action(
                IdempotencyKeyHeader.scoped("checkout", caller.subject(), key.get()), request.hash(), "checkout",
                iotpay.iotpayDeadline().plusMinutes(1));
        // A keyed retry gets its stored answer first; only a request that is to run needs a usable node.
        return requests.run(idempotent, configuration::requireUsable, claim -> answer(create(request), base))
                .answer().response().build();
    }

    private Checkouts.Created create(NewCheckout request) {
        try {
            return checkouts.create(request, caller.subject());
        } catch (CheckoutRefused refused) {
            throw CheckoutPayments.problem(refused);
        } catch (RuntimeException raced) {
            // Another request took the same reference meanwhile: answer as if it had come first.
            if (request.reference() == null) {
                throw raced;
            }
            Checkout earlier = checkouts.byReference(request.reference()).orElseThrow(() -> raced);
            if (!earlier.getTerms().requestHash().equals(request.hash())) {
                throw CheckoutPayments.problem(new CheckoutRefused(CheckoutRefused.Reason.REFERENCE_REUSED,
                        earlier.getCheckoutId(), null));
            }
            return new Checkouts.Created(earlier, false);
        }
    }

    private IdempotentRequests.Answer answer(Checkouts.Created created, URI base) {
        Checkout checkout = created.checkout();
        return new IdempotentRequests.Answer(created.made() ? 201 : 200, MediaType.APPLICATION_JSON,
                CheckoutView.of(checkout, checkouts.attempts(checkout.getCheckoutId())).toString(),
                base.resolve(checkout.getCheckoutId()).toString());
    }

    @GET
    @Path("{checkoutId}")
    public String find(@PathParam("checkoutId") String checkoutId) {
        Checkout checkout = payments.visible(checkoutId);
        if (caller.isMerchant()) { // the merchant's servers, operators, and everyone with api.auth=none
            return CheckoutView.of(checkout, checkouts.attempts(checkoutId)).toString();
        }
        // visible() let a payer through only with a subject
        return CheckoutView.forPayer(checkout, checkouts.attempts(checkoutId), caller.subject().orElseThrow()).toString();
    }

    @GET
    public String list(@QueryParam("reference") String reference, @QueryParam("status") String status,
                       @QueryParam("limit") String limit, @QueryParam("after") String after) {
        requireMerchant();
        if (reference != null && !reference.matches("[\\x21-\\x7E]{1,64}")) {
            throw ProblemException.badRequest("'reference' is 1 to 64 visible ASCII characters.");
        }
        Optional<CheckoutQueries.Cursor> cursor = after == null ? Optional.empty() : Optional.of(
                CheckoutQueries.Cursor.decode(after).orElseThrow(() ->
                        ProblemException.badRequest("The 'after' cursor is not one this API gave out.")));
        CheckoutQueries.Page page = queries.list(Optional.ofNullable(reference), status(status), Paging.limit(limit, CheckoutQueries.MAX_LIMIT), cursor);
        JsonArrayBuilder items = Jsons.array();
        page.checkouts().forEach(checkout -> items.add(CheckoutView.of(checkout, checkouts.attempts(checkout.getCheckoutId()))));
        JsonObjectBuilder json = Jsons.object().add("checkouts", items);
        page.next().ifPresentOrElse(next -> json.add("next", next), () -> json.addNull("next"));
        return json.build().toString();
    }

    @POST
    @Path("{checkoutId}/cancel")
    public String cancel(@PathParam("checkoutId") String checkoutId) {
        requireMerchant();
        configuration.requireUsable(); // a misconfigured node writes nothing
        try {
            Checkout cancelled = closing.cancel(checkoutId);
            return CheckoutView.of(cancelled, checkouts.attempts(checkoutId)).toString();
        } catch (CheckoutRefused refused) {
            throw CheckoutPayments.problem(refused);
        }
    }

    @POST
    @Path("{checkoutId}/payments")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response pay(@PathParam("checkoutId") String checkoutId, String body,
                        @HeaderParam("Idempotency-Key") String idempotencyKey, @Context UriInfo uri,
                        @Context HttpServletRequest http) {
        Checkout checkout = payments.visible(checkoutId);
        PaymentMethod method = CheckoutRequestJson.payment(body, methods);
        NewOrder request = payments.order(checkout, method, ClientAddress.of(http, platform.trustedProxies()));
        Optional<String> key = IdempotencyKeyHeader.optional(idempotencyKey);
        URI orders = uri.getBaseUriBuilder().path("orders/").build();
        // What a new attempt must pass; a keyed retry gets its stored answer instead, e.g. after the checkout was paid.
        Runnable rules = () -> {
            payments.requireOpen(checkout);
            rateLimiter.take(caller.rateKey());
            configuration.requireUsable();
        };
        if (key.isEmpty()) {
            rules.run();
            return created(payments.pay(checkout, request, Optional.empty()), checkoutId, orders).response().build();
        }
        String stored = IdempotencyKeyHeader.scoped("", caller.subject(), key.get());
        IdempotentRequest idempotent = new IdempotentRequest(stored,
                IdempotencyKeys.hash("checkout\u0000" + checkoutId + "\u0000" + request.meaning()), "order", "mchOrderNo",
                iotpay.iotpayDeadline().plusMinutes(1), OrdersResource::outcomeUnknown, named -> Optional.empty());
        return requests.run(idempotent, rules, claim -> created(payments.pay(checkout, request, Optional.of(claim)),
                checkoutId, orders)).answer().response().build();
    }

    /** The 201 of a payment: the order as {@code POST /api/orders} answers it, with its checkout. */
    private static IdempotentRequests.Answer created(Started started, String checkoutId, URI orders) {
        JsonValue payParams = started.gateway().payParams();
        String json = OrderView.answer(started.order())
                .add("payParams", payParams == null ? JsonValue.NULL : payParams).build().toString(); // with its checkoutId
        return new IdempotentRequests.Answer(201, MediaType.APPLICATION_JSON, json,
                orders.resolve(started.order().getMchOrderNo()).toString());
    }


    private void requireMerchant() {
        if (!caller.isMerchant()) {
            throw new ProblemException(403, "forbidden", "Merchants only",
                    "Checkouts are created, listed and cancelled by the merchant's servers (api.merchant-group) "
                            + "and operators; an app pays the checkout it was given.");
        }
    }


    private static Optional<CheckoutStatus> status(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(CheckoutStatus.valueOf(text));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Unknown status; one of OPEN, PAID, EXPIRED, CANCELLED.");
        }
    }
}
