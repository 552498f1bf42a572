package dev.iotpaymerchant.checkouts.control;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import dev.iotpaymerchant.checkouts.entity.Checkout;
import dev.iotpaymerchant.checkouts.entity.CheckoutStatus;
import dev.iotpaymerchant.events.entity.EventType;
import dev.iotpaymerchant.orders.control.OrderWatcher;
import dev.iotpaymerchant.orders.control.PaymentOrders;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.platform.values.LogSafe;

/**
 * Moves a checkout when one of its attempts is paid, in the payment's own transaction: the first
 * paid attempt pays an OPEN checkout (checkout.paid), also one we had closed or failed (it is then
 * PAID, see {@link #stillWants}); any other paid attempt, or one paid after the checkout closed, is
 * extra money (checkout.overpaid), never kept silently. Two attempts paid at
 * once, on two nodes, queue on the checkout's row lock: exactly one pays it. A new attempt is
 * stored only while its checkout is open, decided under the checkout's lock, and closes by the
 * checkout's expiry at the latest.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class CheckoutWatcher implements OrderWatcher {

    private static final Logger LOG = LogFields.logger(CheckoutWatcher.class);

    @Inject
    Checkouts checkouts;

    @Inject
    PaymentOrders orders;

    @Inject
    Clock clock;

    /**
     * An attempt we had closed or failed that is paid while its checkout is still OPEN pays the
     * checkout: it is PAID, not money to give back. The checkout stays locked (after the order, the
     * usual order) until the payment commits, so it cannot close in between.
     */
    @Override
    public boolean stillWants(PaymentOrder order) {
        String checkoutId = order.getAttempt().checkoutId();
        return checkoutId != null && checkouts.locked(checkoutId)
                .map(checkout -> checkout.getStatus() == CheckoutStatus.OPEN).orElse(false);
    }

    @Override
    public void registering(PaymentOrder order) {
        String checkoutId = order.getAttempt().checkoutId();
        if (checkoutId != null) {
            order.getAttempt().closeNoLaterThan(checkouts.lockedForAttempt(checkoutId));
        }
    }

    @Override
    public void announced(PaymentOrder order, EventType type) {
        String checkoutId = order.getAttempt().checkoutId();
        if (checkoutId == null || (type != EventType.PAYMENT_SUCCEEDED && type != EventType.PAYMENT_AFTER_CLOSE)) {
            return;
        }
        Checkout checkout = checkouts.locked(checkoutId).orElseThrow(() ->
                new IllegalStateException("order " + order.getMchOrderNo() + " names a checkout that is not stored"));
        OffsetDateTime now = OffsetDateTime.now(clock);
        switch (checkout.paidBy(order.getMchOrderNo(), now)) {
            // Its other attempts are closed after this commits (CheckoutFollowUp): locking them here,
            // after the checkout, would take locks in the opposite order to their own notifications.
            case PAID_IT -> checkouts.announce(EventType.CHECKOUT_PAID, checkout, orders.attempts(checkoutId),
                    order.getMchOrderNo());
            case EXTRA -> {
                LOG.warning(() -> "Checkout " + checkoutId + " (" + checkout.getStatus() + ") was paid again by order "
                        + LogSafe.text(order.getMchOrderNo()) + ": the extra payment goes to the review queue");
                checkouts.announce(EventType.CHECKOUT_OVERPAID, checkout, orders.attempts(checkoutId), order.getMchOrderNo());
            }
            case ALREADY -> {
                // told twice of the same payment: nothing more to do
            }
        }
    }
}
