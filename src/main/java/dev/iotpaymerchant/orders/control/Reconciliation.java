package dev.iotpaymerchant.orders.control;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import dev.iotpaymerchant.iotpay.control.QueryOutcome;
import dev.iotpaymerchant.orders.entity.OrderStatus;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.orders.entity.ReportedPayment;
import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.platform.values.LogSafe;
import dev.iotpaymerchant.platform.values.MinorUnits;

/**
 * The rules that turn IOTPay's answer to {@code query_order} into a transition, through the same
 * state machine as notifications, in one transaction under the order's row lock.
 */
@Stateless
public class Reconciliation {

    private static final Logger LOG = LogFields.logger(Reconciliation.class);

    @Inject
    PaymentOrders orders;

    @Inject
    Clock clock;

    @Inject
    OrderSettings settings;

    /** What a reconciliation did to one order. */
    public record Reconciled(OrderStatus before, OrderStatus after) {

        public boolean changed() {
            return before != after;
        }
    }

    public Reconciled apply(String mchOrderNo, QueryOutcome answer) {
        PaymentOrder order = orders.locked(mchOrderNo).orElseThrow();
        OrderStatus before = order.getStatus();
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (answer instanceof QueryOutcome.Found found) {
            switch (found.state()) {
                case PAID -> paidAccordingToIotPay(order, found);
                case CLOSED -> closedAtIotPay(order, now);
                case OPEN -> openAtIotPay(order, found, now);
            }
        } else if (answer instanceof QueryOutcome.NotFound) {
            notFoundAtIotPay(order, now);
        }
        if (order.getSchedule().watchIsOverAt(now)) {
            order.getSchedule().end(); // that was the last look the watch promised
        }
        orders.announce(order);
        return new Reconciled(before, order.getStatus());
    }

    private void paidAccordingToIotPay(PaymentOrder order, QueryOutcome.Found found) {
        ReportedPayment reported = new ReportedPayment(found.payOrderId(), found.amount(), found.currency());
        if (order.match(reported).matches()) {
            orders.paid(order, found.payOrderId(), found.channelOrderNo(), found.paidAt());
            return;
        }
        String reason = "IOTPay's query_order reports a payment of "
                + MinorUnits.format(found.amount(), LogSafe.text(found.currency())) + " (payOrderId "
                + LogSafe.text(found.payOrderId()) + ") for an order of "
                + MinorUnits.format(order.getAmount(), order.getCurrency());
        if (orders.needsReview(order, reported, reason)) {
            LOG.severe(() -> "Order " + order.getMchOrderNo() + " NEEDS REVIEW: " + reason);
        }
    }

    /** IOTPay's cancelled (4, 9) or failed (-1, -2) is final: close an open order, end a late-payment watch. */
    private void closedAtIotPay(PaymentOrder order, OffsetDateTime now) {
        if (order.getSchedule().isWatching()) {
            order.getSchedule().end();
        } else {
            order.closed("IOTPay reports the order cancelled or expired", now, null);
        }
    }

    /** Unpaid at IOTPay: wait, or close it once expired. IOTPay cannot close it, so it stays watched. */
    private void openAtIotPay(PaymentOrder order, QueryOutcome.Found found, OffsetDateTime now) {
        order.accepted(found.payOrderId(), null, now); // query_order tells nothing of what the payer does
        boolean expired = !order.expiresAt(settings.expireAfter()).isAfter(now);
        if (expired && order.getStatus() == OrderStatus.PENDING) {
            order.closed("expired unpaid; IOTPay confirmed it was not paid", now, watchUntil(now));
        }
    }

    private void notFoundAtIotPay(PaymentOrder order, OffsetDateTime now) {
        if (order.getStatus() == OrderStatus.UNKNOWN) {
            // Watched: a create_order that was slow to land at IOTPay may still make it payable.
            order.failed("IOTPay has no such order (0112): it was never created there", now, watchUntil(now));
        } else if (!order.getSchedule().isWatching()) {
            LOG.warning(() -> "IOTPay says it has no order " + order.getMchOrderNo() + ", which it had accepted; left "
                    + order.getStatus() + " for an operator");
        }
    }

    private OffsetDateTime watchUntil(OffsetDateTime now) {
        return now.plus(settings.latePaymentWatch());
    }
}
