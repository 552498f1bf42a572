package dev.iotpaymerchant.orders.boundary;

import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import dev.iotpaymerchant.gatewaycalls.control.RecordedGateway;
import dev.iotpaymerchant.idempotency.control.KeyClaim;
import dev.iotpaymerchant.iotpay.control.CreateOutcome;
import dev.iotpaymerchant.iotpay.control.NewGatewayOrder;
import dev.iotpaymerchant.orders.control.NewOrder;
import dev.iotpaymerchant.orders.control.PaymentOrders;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.http.boundary.ProblemException;
import dev.iotpaymerchant.platform.observability.Metrics;
import dev.iotpaymerchant.platform.observability.Traces;
import dev.iotpaymerchant.platform.settings.Settings;
import dev.iotpaymerchant.platform.values.LogSafe;

/**
 * Starts a payment: records the order first (so it can always be found and resolved), then asks
 * IOTPay outside any transaction, then records IOTPay's answer.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PaymentStart {

    @Inject
    PaymentOrders orders;

    @Inject
    Metrics metrics;

    @Inject
    Settings settings;

    @Inject
    RecordedGateway gateway;

    /**
     * Starts a payment for {@code owner} (the caller's token subject, if any); with an idempotency
     * key, the key is bound to the new order number at once; a request that lost its key to a retry
     * stores nothing and sends nothing.
     */
    public Started start(NewOrder request, Optional<String> owner, Optional<KeyClaim> idempotencyKey) {
        return start(request, owner, idempotencyKey, Optional.empty());
    }

    /** As {@link #start(NewOrder, Optional, Optional)}, for an attempt to pay checkout {@code checkoutId}. */
    public Started start(NewOrder request, Optional<String> owner, Optional<KeyClaim> idempotencyKey,
                         Optional<String> checkoutId) {
        settings.requireUsable(); // a misconfigured node writes nothing
        PaymentOrder order = orders.register(request, owner, idempotencyKey, checkoutId);
        metrics.orderCreated(request.channel().name());
        String number = order.getMchOrderNo();
        NewGatewayOrder gatewayOrder = new NewGatewayOrder(number, request.channel(), request.amount(),
                request.currency(), request.clientIp(), request.subject(), request.body(), request.param1(),
                request.param2(), request.osType(), request.method().returnUrl(), request.method().productId());
        Answered answered;
        try (Traces.Scope named = Traces.forOrder(number)) {
            answered = gateway.createOrder(gatewayOrder, outcome -> apply(number, outcome)); // applied, committed
        }

        if (answered.outcome() instanceof CreateOutcome.Accepted accepted) {
            return new Started(answered.pending(), accepted);
        }
        if (answered.outcome() instanceof CreateOutcome.Rejected rejected) {
            metrics.orderSettled("FAILED");
            throw new ProblemException(502, "gateway-rejected", "IOTPay refused the payment",
                    "IOTPay refused to create the order: " + describe(rejected) + ".")
                    .with("mchOrderNo", number)
                    .with("iotpayCode", rejected.code() == null ? "" : rejected.code());
        }
        CreateOutcome.Unknown unknown = (CreateOutcome.Unknown) answered.outcome();
        throw new ProblemException(504, "gateway-outcome-unknown", "Payment outcome unknown",
                unknown.reason() + ". The order is kept as UNKNOWN and will be settled by asking IOTPay; "
                        + "poll GET /api/orders/" + number + " for its status.")
                .with("mchOrderNo", number);
    }

    /** IOTPay's answer to create_order, and the order once it is applied (accepted only). */
    private record Answered(CreateOutcome outcome, PaymentOrder pending) {
    }

    private RecordedGateway.Applied<Answered> apply(String number, CreateOutcome outcome) {
        if (outcome instanceof CreateOutcome.Accepted accepted) {
            PaymentOrder pending = orders.accepted(number, accepted.payOrderId(), accepted.nextAction().toJson().toString());
            return new RecordedGateway.Applied<>(new Answered(outcome, pending), "UNKNOWN → " + pending.getStatus());
        }
        if (outcome instanceof CreateOutcome.Rejected rejected) {
            orders.rejected(number, describe(rejected));
            return new RecordedGateway.Applied<>(new Answered(outcome, null), "UNKNOWN → FAILED");
        }
        return new RecordedGateway.Applied<>(new Answered(outcome, null), null); // still UNKNOWN: the sweep asks
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
