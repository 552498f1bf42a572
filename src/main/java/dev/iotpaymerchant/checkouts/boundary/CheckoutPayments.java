package dev.iotpaymerchant.checkouts.boundary;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.access.control.Caller;
import dev.iotpaymerchant.checkouts.control.CheckoutRefused;
import dev.iotpaymerchant.checkouts.control.Checkouts;
import dev.iotpaymerchant.checkouts.entity.Checkout;
import dev.iotpaymerchant.checkouts.entity.CheckoutStatus;
import dev.iotpaymerchant.idempotency.control.KeyClaim;
import dev.iotpaymerchant.orders.boundary.PaymentStart;
import dev.iotpaymerchant.orders.boundary.PaymentStart.Started;
import dev.iotpaymerchant.orders.control.NewOrder;
import dev.iotpaymerchant.orders.control.PaymentMethod;
import dev.iotpaymerchant.platform.http.boundary.ProblemException;

/**
 * Paying a checkout: an order (a payment attempt) at the checkout's price, made through the same
 * machinery as every order (stored first, signed create_order, unknown outcomes settled by the
 * sweep). Used by {@code POST /api/checkouts/{checkoutId}/payments} and {@code GET /api/pay?checkout=}.
 */
@ApplicationScoped
public class CheckoutPayments {

    @Inject
    Checkouts checkouts;

    @Inject
    Caller caller;

    @Inject
    PaymentStart payments;

    /** The checkout, if this caller may see it: its payer, a merchant, an operator (anyone with api.auth=none). */
    public Checkout visible(String checkoutId) {
        return checkouts.find(checkoutId).filter(this::maySee).orElseThrow(CheckoutPayments::notFound);
    }

    /** The order request that pays {@code checkoutId}: only while it is OPEN. */
    public NewOrder request(Checkout checkout, PaymentMethod method, String clientIp) {
        requireOpen(checkout);
        return order(checkout, method, clientIp);
    }

    /** Refuses (409) a checkout that is not OPEN. */
    public void requireOpen(Checkout checkout) {
        if (checkout.getStatus() != CheckoutStatus.OPEN) {
            throw notOpen(checkout.getCheckoutId(), checkout.getStatus().name());
        }
    }

    /**
     * The order request that would pay {@code checkoutId}, whatever its status: what a keyed retry
     * means, told before the checkout's status is ({@link #requireOpen}).
     */
    public NewOrder order(Checkout checkout, PaymentMethod method, String clientIp) {
        return new NewOrder(method, checkout.getAmount().minorUnits(), checkout.getAmount().currency(),
                checkout.getTerms().subject(), checkout.getTerms().body(), checkout.getTerms().param1(),
                checkout.getTerms().param2(), clientIp);
    }

    /**
     * Starts the attempt; {@code storedKey} is its claim on its Idempotency-Key, if it has one. The
     * checkout is checked again under its lock when the attempt is stored: one that closed meanwhile
     * is refused, and IOTPay hears nothing.
     */
    public Started pay(Checkout checkout, NewOrder request, Optional<KeyClaim> storedKey) {
        try {
            return payments.start(request, caller.subject(), storedKey, Optional.of(checkout.getCheckoutId()));
        } catch (CheckoutRefused refused) {
            throw problem(refused);
        }
    }

    /** Merchants and operators see every checkout; a payer, the ones it may pay (any, when none names a payer). */
    private boolean maySee(Checkout checkout) {
        return caller.isMerchant() || caller.subject().map(checkout::mayBePaidBy).orElse(false);
    }

    static ProblemException notFound() {
        return ProblemException.notFound("There is no checkout with this id.");
    }

    static ProblemException notOpen(String checkoutId, String status) {
        return new ProblemException(409, "checkout-not-open", "The checkout is not open",
                "Only an OPEN checkout can be paid or cancelled; this one is " + status + ".")
                // Not "status": that member is the HTTP status (RFC 9457), and would be overwritten.
                .with("checkoutId", checkoutId).with("checkoutStatus", status);
    }

    /** What a caller hears when the checkouts component refused. */
    static ProblemException problem(CheckoutRefused refused) {
        return switch (refused.reason()) {
            case NOT_FOUND -> notFound();
            case NOT_OPEN -> notOpen(refused.checkoutId(), refused.status());
            case REFERENCE_REUSED -> new ProblemException(409, "checkout-reference-reused", "Reference used for another checkout",
                    "A checkout with this reference was made with another request; use a new reference for a new checkout.")
                    .with("checkoutId", refused.checkoutId());
        };
    }
}
