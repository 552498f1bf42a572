package dev.iotpaymerchant.gatewaycalls.control;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.function.Function;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import dev.iotpaymerchant.gatewaycalls.control.GatewayCalls.Cause;
import dev.iotpaymerchant.iotpay.control.CreateOutcome;
import dev.iotpaymerchant.iotpay.control.IotPayClient;
import dev.iotpaymerchant.iotpay.control.NewGatewayOrder;
import dev.iotpaymerchant.iotpay.control.NewGatewayRefund;
import dev.iotpaymerchant.iotpay.control.QueryOutcome;
import dev.iotpaymerchant.iotpay.control.RefundOutcome;

/**
 * The IOTPay client as orders and refunds use it: every call is kept for the operator's timeline,
 * with how long it took and what its answer did. The caller applies the answer (in a transaction
 * of its own, committed when it returns) and says in words what it did; the record is written
 * after that, and a record that cannot be written never holds up the payment. Calls to IOTPay are
 * made outside any transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RecordedGateway {

    @Inject
    IotPayClient iotpay;

    @Inject
    GatewayCalls calls;

    @Inject
    Clock clock;

    /** What the caller made of IOTPay's answer: its result, and its effect in words (null: none yet). */
    public record Applied<R>(R result, String effect) {
    }

    public <R> R createOrder(NewGatewayOrder order, Function<CreateOutcome, Applied<R>> apply) {
        OffsetDateTime started = OffsetDateTime.now(clock);
        CreateOutcome outcome = iotpay.createOrder(order);
        Applied<R> applied = apply.apply(outcome);
        GatewayCalls.keep(() -> calls.created(order.mchOrderNo(), started, outcome, applied.effect()));
        return applied.result();
    }

    public <R> R queryOrder(String mchOrderNo, Function<QueryOutcome, Applied<R>> apply) {
        OffsetDateTime started = OffsetDateTime.now(clock);
        QueryOutcome outcome = iotpay.queryOrder(mchOrderNo);
        Applied<R> applied = apply.apply(outcome);
        GatewayCalls.keep(() -> calls.queried(mchOrderNo, started, outcome, applied.effect()));
        return applied.result();
    }

    /**
     * Sends a refund, but never starts it at or after {@code sendBy}: a refund IOTPay does not know
     * may be failed only once no call for it can be under way, so a late one is kept as unknown.
     */
    public <R> R refundOrder(String mchOrderNo, NewGatewayRefund refund, OffsetDateTime sendBy, Cause cause,
                             Function<RefundOutcome, Applied<R>> apply) {
        OffsetDateTime started = OffsetDateTime.now(clock);
        RefundOutcome outcome = started.isBefore(sendBy) ? iotpay.refundOrder(refund)
                : new RefundOutcome.Unknown("The refund was stored but not sent: it was too late to send it");
        Applied<R> applied = apply.apply(outcome);
        GatewayCalls.keep(() -> calls.refund(mchOrderNo, refund.mchRefundNo(), false, cause, started, outcome,
                applied.effect()));
        return applied.result();
    }

    public <R> R queryRefund(String mchOrderNo, String refundNo, Cause cause, Function<RefundOutcome, Applied<R>> apply) {
        OffsetDateTime started = OffsetDateTime.now(clock);
        RefundOutcome outcome = iotpay.queryRefund(refundNo);
        Applied<R> applied = apply.apply(outcome);
        GatewayCalls.keep(() -> calls.refund(mchOrderNo, refundNo, true, cause, started, outcome, applied.effect()));
        return applied.result();
    }
}
