package dev.iotpaymerchant.orders.boundary;

import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import dev.iotpaymerchant.iotpay.control.CreateOutcome;
import dev.iotpaymerchant.iotpay.control.IotPayClient;
import dev.iotpaymerchant.iotpay.control.NewGatewayOrder;
import dev.iotpaymerchant.orders.control.GatewayCalls;
import dev.iotpaymerchant.orders.control.NewOrder;
import dev.iotpaymerchant.orders.control.PaymentOrders;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.control.LogSafe;
import dev.iotpaymerchant.platform.control.Metrics;
import dev.iotpaymerchant.platform.control.ProblemException;
import dev.iotpaymerchant.platform.control.Settings;

/**
 * Starts a payment: records the order first (so it can always be found and resolved), then asks
 * IOTPay outside any transaction, then records IOTPay's answer.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Checkout {

    @Inject
    PaymentOrders orders;

    @Inject
    IotPayClient iotpay;

    @Inject
    Metrics metrics;

    @Inject
    Settings settings;

    @Inject
    GatewayCalls calls;

    /**
     * Starts a payment for {@code owner} (the caller's token subject, if any); with an idempotency
     * key, the key is bound to the new order number at once.
     */
    public Started start(NewOrder request, Optional<String> owner, Optional<String> idempotencyKey) {
        settings.requireUsable(); // a misconfigured node writes nothing
        PaymentOrder order = orders.register(request, owner, idempotencyKey);
        metrics.orderCreated(request.channel().name());
        String number = order.getMchOrderNo();
        var started = calls.started();
        CreateOutcome outcome = iotpay.createOrder(new NewGatewayOrder(number, request.channel().name(),
                request.amount(), request.currency(), request.clientIp(), request.subject(), request.body(),
                request.param1(), request.param2(), request.osType()));

        if (outcome instanceof CreateOutcome.Accepted accepted) {
            PaymentOrder pending = orders.accepted(number, accepted.payOrderId());
            GatewayCalls.keep(() -> calls.created(number, started, outcome, "UNKNOWN → " + pending.getStatus()));
            return new Started(pending, accepted);
        }
        if (outcome instanceof CreateOutcome.Rejected rejected) {
            String said = describe(rejected);
            orders.rejected(number, said);
            GatewayCalls.keep(() -> calls.created(number, started, outcome, "UNKNOWN → FAILED"));
            metrics.orderSettled("FAILED");
            throw new ProblemException(502, "gateway-rejected", "IOTPay refused the payment",
                    "IOTPay refused to create the order: " + said + ".")
                    .with("mchOrderNo", number)
                    .with("iotpayCode", rejected.code() == null ? "" : rejected.code());
        }
        CreateOutcome.Unknown unknown = (CreateOutcome.Unknown) outcome;
        GatewayCalls.keep(() -> calls.created(number, started, outcome, null));
        throw new ProblemException(504, "gateway-outcome-unknown", "Payment outcome unknown",
                unknown.reason() + ". The order is kept as UNKNOWN and will be settled by asking IOTPay; "
                        + "poll GET /api/orders/" + number + " for its status.")
                .with("mchOrderNo", number);
    }

    private static String describe(CreateOutcome.Rejected rejected) {
        String code = rejected.code() == null ? "" : LogSafe.text(rejected.code());
        String message = rejected.message() == null || rejected.message().isBlank()
                ? "no reason given" : LogSafe.text(rejected.message());
        return code.isEmpty() ? message : code + " " + message;
    }

    /** The stored order and IOTPay's acceptance, whose payParams the app's wallet SDK needs. */
    public record Started(PaymentOrder order, CreateOutcome.Accepted gateway) {
    }
}
