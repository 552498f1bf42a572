package dev.iotpaymerchant.refunds.control;

import java.time.Clock;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import dev.iotpaymerchant.access.control.Actor;
import dev.iotpaymerchant.gatewaycalls.control.GatewayCalls;
import dev.iotpaymerchant.gatewaycalls.control.RecordedGateway;
import dev.iotpaymerchant.idempotency.control.KeyClaim;
import dev.iotpaymerchant.iotpay.control.NewGatewayRefund;
import dev.iotpaymerchant.iotpay.control.RefundOutcome;
import dev.iotpaymerchant.platform.observability.Metrics;
import dev.iotpaymerchant.platform.settings.Settings;
import dev.iotpaymerchant.refunds.entity.Refund;

/**
 * Gives money back, as payments are taken: store the refund first (UNKNOWN, amount reserved),
 * call refund_order outside any transaction, then record IOTPay's answer. What the caller hears
 * of it (refused, unknown) is the boundary's to say; the sweep settles an unknown one.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Refunding {

    @Inject
    RefundLedger ledger;

    @Inject
    Settings settings;

    @Inject
    Metrics metrics;

    @Inject
    RecordedGateway gateway;

    @Inject
    Clock clock;

    /**
     * Stores the refund, sends it and applies IOTPay's answer; the refund may come back SUCCEEDED,
     * PROCESSING, FAILED or still UNKNOWN (the sweep settles it). Refuses with {@link RefundRefused}
     * when there is nothing to refund.
     */
    public Sent refund(String mchOrderNo, long amount, String reason, String clientIp, Actor by, KeyClaim idempotencyKey) {
        settings.requireUsable();
        RefundLedger.Registered registered = ledger.register(mchOrderNo, amount, reason, by, idempotencyKey); // committed
        NewGatewayRefund gatewayRefund = new NewGatewayRefund(registered.refundNo(), registered.payOrderId(),
                registered.amount(), registered.currency(), clientIp, registered.channel());
        Sent sent = gateway.refundOrder(mchOrderNo, gatewayRefund, registered.sendBy(), GatewayCalls.Cause.operator,
                answer -> {
                    Refund applied = ledger.apply(registered.refundNo(), answer); // committed
                    return new RecordedGateway.Applied<>(new Sent(applied, answer), "refund UNKNOWN → " + applied.getStatus());
                });
        Refund refund = sent.refund();
        metrics.refund(refund.getStatus().name());
        return sent;
    }

    /** The refund as IOTPay's answer left it, and that answer. */
    public record Sent(Refund refund, RefundOutcome outcome) {

        /** Why its outcome is not known, when it is not. */
        public String unknownBecause() {
            return outcome instanceof RefundOutcome.Unknown unknown ? unknown.reason() : "No usable answer from IOTPay";
        }
    }
}
