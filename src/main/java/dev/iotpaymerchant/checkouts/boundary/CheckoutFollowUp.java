package dev.iotpaymerchant.checkouts.boundary;

import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;

import dev.iotpaymerchant.access.control.Actor;
import dev.iotpaymerchant.checkouts.control.CheckoutSettings;
import dev.iotpaymerchant.checkouts.control.Checkouts;
import dev.iotpaymerchant.events.entity.CheckoutOverpaid;
import dev.iotpaymerchant.events.entity.CheckoutPaid;
import dev.iotpaymerchant.idempotency.boundary.IdempotencyKeyHeader;
import dev.iotpaymerchant.idempotency.boundary.IdempotentRequest;
import dev.iotpaymerchant.idempotency.boundary.IdempotentRequests;
import dev.iotpaymerchant.idempotency.control.IdempotencyKeys;
import dev.iotpaymerchant.iotpay.control.IotPaySettings;
import dev.iotpaymerchant.orders.control.PaymentOrders;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.refunds.control.RefundRefused;
import dev.iotpaymerchant.refunds.control.RefundView;
import dev.iotpaymerchant.refunds.control.Refunding;

/**
 * What follows a checkout's events, after they committed, delivered by the outbox like any
 * observer's (at least once, retried with back-off, and in the review queue if it keeps failing):
 * a paid checkout's other unpaid attempts are asked to close, and a payment the checkout did not
 * need is refunded in full (checkouts.refund-duplicates), once, under an Idempotency-Key of the
 * system's own, audited as done by the system ({@link Actor#system}).
 */
@ApplicationScoped
public class CheckoutFollowUp {

    static final String SYSTEM = "checkouts";
    private static final Logger LOG = LogFields.logger(CheckoutFollowUp.class);

    @Inject
    Checkouts checkouts;

    @Inject
    PaymentOrders orders;

    @Inject
    Refunding refunding;

    @Inject
    IdempotentRequests requests;

    @Inject
    CheckoutSettings settings;

    @Inject
    IotPaySettings iotpay;

    /** The checkout is paid: its other attempts are not needed any more. */
    @ActivateRequestContext
    void closeOtherAttempts(@Observes CheckoutPaid paid) {
        checkouts.closeUnpaidAttempts(paid.checkoutId());
    }

    /** A payment the checkout did not need: give it back in full, once. */
    @ActivateRequestContext
    void refundExtraPayment(@Observes CheckoutOverpaid overpaid) {
        if (!settings.refundDuplicates()) {
            return; // it waits in the review queue for an operator
        }
        String mchOrderNo = overpaid.mchOrderNo().value();
        PaymentOrder order = orders.find(mchOrderNo).orElseThrow();
        // Its own identity, passed along: the request-scoped Caller is shared with every later
        // observer of this dispatch (and with the operator's request that a dispatch may run in).
        Actor system = Actor.system(SYSTEM);
        String key = IdempotencyKeyHeader.scoped("refund", Optional.of("system:" + SYSTEM), "overpaid:" + mchOrderNo);
        // Once the refund is stored, the refund sweep settles it: a delivery after the node that stored it
        // stopped (a stale claim) or failed is done, not held in flight until the event is given up.
        Function<String, Optional<IdempotentRequests.Answer>> settledBySweep =
                refundNo -> Optional.of(new IdempotentRequests.Answer(504, MediaType.APPLICATION_JSON, "{}", null));
        IdempotentRequest request = new IdempotentRequest(key, IdempotencyKeys.hash("overpaid\u0000" + mchOrderNo),
                "refund", "refundNo", iotpay.iotpayDeadline().plusMinutes(1), settledBySweep, settledBySweep);
        try {
            requests.run(request, () -> { }, claim -> {
                Refunding.Sent sent = refunding.refund(mchOrderNo, order.getAmount(),
                        "checkout " + overpaid.checkoutId() + " was already paid", "127.0.0.1", system, claim);
                return new IdempotentRequests.Answer(201, MediaType.APPLICATION_JSON, RefundView.of(sent.refund()).toString(), null);
            });
        } catch (RefundRefused refused) {
            // Not refundable (e.g. in review, or refunded by an operator already): the review queue shows it.
            LOG.warning(() -> "The extra payment " + mchOrderNo + " of checkout " + overpaid.checkoutId()
                    + " was not refunded automatically (" + refused.reason() + "); it waits in the review queue");
        }
    }
}
