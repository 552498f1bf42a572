package dev.iotpaymerchant.refunds.boundary;

import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

import dev.iotpaymerchant.access.control.Caller;
import dev.iotpaymerchant.idempotency.boundary.IdempotencyKeyHeader;
import dev.iotpaymerchant.idempotency.boundary.IdempotentRequest;
import dev.iotpaymerchant.idempotency.boundary.IdempotentRequests;
import dev.iotpaymerchant.idempotency.control.IdempotencyKeys;
import dev.iotpaymerchant.iotpay.control.IotPaySettings;
import dev.iotpaymerchant.orders.control.OrderNumbers;
import dev.iotpaymerchant.orders.control.PaymentOrders;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.http.ClientAddress;
import dev.iotpaymerchant.platform.http.Jsons;
import dev.iotpaymerchant.platform.http.boundary.ProblemException;
import dev.iotpaymerchant.platform.settings.PlatformSettings;
import dev.iotpaymerchant.platform.settings.Settings;
import dev.iotpaymerchant.platform.values.MchOrderNo;
import dev.iotpaymerchant.platform.values.MinorUnits;
import dev.iotpaymerchant.refunds.control.RefundLedger;
import dev.iotpaymerchant.refunds.control.RefundRefused;
import dev.iotpaymerchant.refunds.control.RefundView;
import dev.iotpaymerchant.refunds.control.Refunding;
import dev.iotpaymerchant.refunds.entity.Refund;
import dev.iotpaymerchant.refunds.entity.RefundStatus;

/**
 * {@code /api/orders/{mchOrderNo}/refunds}: give money back (operators, with a required
 * Idempotency-Key), and read refunds back.
 */
@ApplicationScoped
@Path("orders/{mchOrderNo}/refunds")
public class RefundsResource {

    @Inject
    IdempotentRequests requests;

    @Inject
    Refunding refunding;

    @Inject
    RefundLedger ledger;

    @Inject
    PaymentOrders orders;

    @Inject
    Caller caller;

    @Inject
    PlatformSettings settings;

    @Inject
    IotPaySettings iotpay;

    @Inject
    Settings configuration;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response refund(@PathParam("mchOrderNo") String mchOrderNo, String body,
                           @HeaderParam("Idempotency-Key") String idempotencyKey, @Context UriInfo uri,
                           @Context HttpServletRequest http) {
        if (!caller.isOperator()) {
            throw new ProblemException(403, "forbidden", "Not allowed", "Refunds are for the operator group.");
        }
        String key = IdempotencyKeyHeader.required(idempotencyKey, "A refund", "so that a retry can never refund twice");
        RefundRequestJson request = RefundRequestJson.read(body);
        URI refundsBase = uri.getBaseUriBuilder().path("orders/" + mchOrderNo + "/refunds/").build();
        String clientIp = ClientAddress.of(http, settings.trustedProxies());
        String stored = IdempotencyKeyHeader.scoped("refund", caller.subject(), key);
        IdempotentRequest idempotent = new IdempotentRequest(stored, IdempotencyKeys.hash(request.meaning(mchOrderNo)),
                "refund", "refundNo", iotpay.iotpayDeadline().plusMinutes(1), refundNo -> outcomeUnknown(refundNo, mchOrderNo),
                refundNo -> outcomeUnknown(refundNo, mchOrderNo)); // stopped or failed once stored: the sweep settles it
        // A keyed retry gets its stored answer first; only a refund that is to run needs a usable node.
        return requests.run(idempotent, configuration::requireUsable, claim -> {
            Refunding.Sent sent;
            try {
                sent = refunding.refund(mchOrderNo, request.amount(), request.reason(), clientIp, caller.asActor(), claim);
            } catch (RefundRefused refused) {
                throw problem(refused, mchOrderNo);
            }
            Refund refund = sent.refund();
            if (refund.getStatus() == RefundStatus.FAILED) {
                throw new ProblemException(502, "refund-rejected", "IOTPay refused the refund",
                        refund.getStatusReason() + ".").with("refundNo", refund.getRefundNo()).with("mchOrderNo", mchOrderNo);
            }
            if (refund.getStatus() == RefundStatus.UNKNOWN) {
                throw new ProblemException(504, "refund-outcome-unknown", "Refund outcome unknown",
                        sent.unknownBecause() + ". The refund is kept as UNKNOWN and settled by asking IOTPay; poll GET "
                                + refundsBase.resolve(refund.getRefundNo()).getRawPath()
                                + ". Do not send it again under a new key.")
                        .with("refundNo", refund.getRefundNo()).with("mchOrderNo", mchOrderNo);
            }
            return new IdempotentRequests.Answer(201, MediaType.APPLICATION_JSON, RefundView.of(refund).toString(),
                    refundsBase.resolve(refund.getRefundNo()).toString());
        }).answer().response().build();
    }

    private static ProblemException problem(RefundRefused refused, String mchOrderNo) {
        return switch (refused.reason()) {
            case NO_SUCH_ORDER -> ProblemException.notFound("There is no order with this number.");
            case NOT_REFUNDABLE -> new ProblemException(409, "not-refundable", "The order cannot be refunded",
                    "Only PAID and PAID_AFTER_CLOSE orders can be refunded; this one is " + refused.orderStatus() + ".")
                    .with("mchOrderNo", mchOrderNo);
            case EXCEEDS_PAYMENT -> new ProblemException(422, "refund-exceeds-payment", "Refund larger than what is left",
                    "At most " + MinorUnits.format(refused.refundable(), refused.currency()) + " of this order can "
                            + "still be refunded.").with("mchOrderNo", mchOrderNo).with("refundable", refused.refundable());
        };
    }

    /** For a stored refund whose request stopped, or failed, before it answered: the refund sweep settles it. */
    private static Optional<IdempotentRequests.Answer> outcomeUnknown(String refundNo, String mchOrderNo) {
        return Optional.of(IdempotentRequests.Answer.of(new ProblemException(504, "refund-outcome-unknown",
                "Refund outcome unknown", "The refund was stored but its outcome is not known yet; poll GET /api/orders/"
                + mchOrderNo + "/refunds/" + refundNo + ". Do not send it again under a new key.")
                .with("refundNo", refundNo).with("mchOrderNo", mchOrderNo)));
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
        return MchOrderNo.parse(mchOrderNo).flatMap(orders::find).filter(order -> caller.maySee(order.getOwner()))
                .orElseThrow(() -> ProblemException.notFound("There is no order with this number."));
    }
}
