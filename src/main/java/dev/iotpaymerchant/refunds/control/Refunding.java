package dev.iotpaymerchant.refunds.control;

import java.time.Clock;
import java.time.OffsetDateTime;

import dev.iotpaymerchant.gatewaycalls.control.GatewayCalls;
import dev.iotpaymerchant.gatewaycalls.control.RecordedGateway;

import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import dev.iotpaymerchant.iotpay.control.NewGatewayRefund;
import dev.iotpaymerchant.iotpay.control.RefundOutcome;
import dev.iotpaymerchant.platform.control.Metrics;
import dev.iotpaymerchant.platform.control.ProblemException;
import dev.iotpaymerchant.platform.control.Settings;
import dev.iotpaymerchant.refunds.entity.Refund;
import dev.iotpaymerchant.refunds.entity.RefundStatus;

/**
 * Gives money back, as payments are taken: store the refund first (UNKNOWN, amount reserved),
 * call refund_order outside any transaction, then record IOTPay's answer. A refused refund is a
 * 502 problem, no usable answer a 504 problem with the refundNo to poll; the sweep settles it.
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

    public Refund refund(String mchOrderNo, long amount, String reason, String clientIp, Optional<String> operator,
                         String idempotencyKey) {
        settings.requireUsable();
        RefundLedger.Registered registered = ledger.register(mchOrderNo, amount, reason, operator, idempotencyKey); // committed
        NewGatewayRefund gatewayRefund = new NewGatewayRefund(registered.refundNo(), registered.payOrderId(),
                registered.amount(), registered.currency(), clientIp, registered.channel());
        Sent sent = gateway.refundOrder(mchOrderNo, gatewayRefund, registered.sendBy(), GatewayCalls.Cause.operator,
                answer -> {
                    Refund applied = ledger.apply(registered.refundNo(), answer); // committed
                    return new RecordedGateway.Applied<>(new Sent(applied, answer), "refund UNKNOWN → " + applied.getStatus());
                });
        Refund refund = sent.refund();
        RefundOutcome outcome = sent.outcome();
        metrics.refund(refund.getStatus().name());
        if (refund.getStatus() == RefundStatus.FAILED) {
            throw new ProblemException(502, "refund-rejected", "IOTPay refused the refund",
                    refund.getStatusReason() + ".").with("refundNo", refund.getRefundNo()).with("mchOrderNo", mchOrderNo);
        }
        if (refund.getStatus() == RefundStatus.UNKNOWN) {
            String why = outcome instanceof RefundOutcome.Unknown unknown ? unknown.reason() : "No usable answer from IOTPay";
            throw new ProblemException(504, "refund-outcome-unknown", "Refund outcome unknown",
                    why + ". The refund is kept as UNKNOWN and settled by asking IOTPay; poll GET /api/orders/"
                            + mchOrderNo + "/refunds/" + refund.getRefundNo() + ". Do not send it again under a new key.")
                    .with("refundNo", refund.getRefundNo()).with("mchOrderNo", mchOrderNo);
        }
        return refund;
    }

    /** The refund as IOTPay's answer left it, and that answer. */
    private record Sent(Refund refund, RefundOutcome outcome) {
    }
}
