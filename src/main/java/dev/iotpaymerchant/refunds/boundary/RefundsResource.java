package dev.iotpaymerchant.refunds.boundary;

import java.net.URI;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
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

import dev.iotpaymerchant.platform.control.Jsons;
import dev.iotpaymerchant.access.control.Caller;
import dev.iotpaymerchant.orders.control.OrderNumbers;
import dev.iotpaymerchant.orders.control.PaymentOrders;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.control.ClientAddress;
import dev.iotpaymerchant.platform.control.ProblemException;
import dev.iotpaymerchant.platform.control.PlatformSettings;
import dev.iotpaymerchant.refunds.control.RefundLedger;
import dev.iotpaymerchant.refunds.control.RefundView;
import dev.iotpaymerchant.refunds.entity.Refund;

/**
 * {@code /api/orders/{mchOrderNo}/refunds}: give money back (operators, with a required
 * Idempotency-Key), and read refunds back.
 */
@ApplicationScoped
@Path("orders/{mchOrderNo}/refunds")
public class RefundsResource {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    @Inject
    IdempotentRefunds refunds;

    @Inject
    RefundLedger ledger;

    @Inject
    PaymentOrders orders;

    @Inject
    Caller caller;

    @Inject
    PlatformSettings settings;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response refund(@PathParam("mchOrderNo") String mchOrderNo, String body,
                           @HeaderParam("Idempotency-Key") String idempotencyKey, @Context UriInfo uri,
                           @Context HttpServletRequest http) {
        if (!caller.isOperator()) {
            throw new ProblemException(403, "forbidden", "Not allowed", "Refunds are for the operator group.");
        }
        if (idempotencyKey == null || !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw ProblemException.badRequest("A refund needs an Idempotency-Key header (1 to 255 visible ASCII "
                    + "characters, e.g. a UUID), so that a retry can never refund twice.");
        }
        RefundRequestJson request = RefundRequestJson.read(body);
        URI refundsBase = uri.getBaseUriBuilder().path("orders/" + mchOrderNo + "/refunds/").build();
        IdempotentRefunds.Answer answer = refunds.refund(idempotencyKey, mchOrderNo, request,
                ClientAddress.of(http, settings.trustedProxies()), refundsBase);
        Response.ResponseBuilder response = Response.status(answer.status()).type(answer.type()).entity(answer.body());
        if (answer.location() != null) {
            response.location(URI.create(answer.location()));
        }
        return response.build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String list(@PathParam("mchOrderNo") String mchOrderNo) {
        visible(mchOrderNo);
        JsonArrayBuilder list = Jsons.array();
        ledger.ofOrder(mchOrderNo).forEach(refund -> list.add(RefundView.of(refund)));
        return Jsons.object().add("refunds", list).build().toString();
    }

    @GET
    @Path("{refundNo}")
    @Produces(MediaType.APPLICATION_JSON)
    public String find(@PathParam("mchOrderNo") String mchOrderNo, @PathParam("refundNo") String refundNo) {
        visible(mchOrderNo);
        Refund refund = (OrderNumbers.isWellFormed(refundNo) ? ledger.find(refundNo) : java.util.Optional.<Refund>empty())
                .filter(r -> r.getMchOrderNo().equals(mchOrderNo))
                .orElseThrow(() -> ProblemException.notFound("This order has no refund with this number."));
        return RefundView.of(refund).toString();
    }

    private PaymentOrder visible(String mchOrderNo) {
        return orders.find(mchOrderNo).filter(order -> caller.maySee(order.getOwner()))
                .orElseThrow(() -> ProblemException.notFound("There is no order with this number."));
    }
}
