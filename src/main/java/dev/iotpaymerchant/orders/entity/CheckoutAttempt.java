package dev.iotpaymerchant.orders.entity;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * The checkout an order tries to pay, if any, and the moment by which it must close when its
 * checkout closed first (paid by another attempt, expired or cancelled): sooner than its own expiry.
 */
@Embeddable
public class CheckoutAttempt {

    @Column(name = "checkout_id", length = 32, updatable = false)
    private String checkoutId;

    @Column(name = "close_by")
    private OffsetDateTime closeBy;

    protected CheckoutAttempt() {
        // for JPA
    }

    public static CheckoutAttempt of(String checkoutId) {
        CheckoutAttempt attempt = new CheckoutAttempt();
        attempt.checkoutId = checkoutId;
        return attempt;
    }

    /** The checkout this order tries to pay; null for an order of its own. */
    public String checkoutId() {
        return checkoutId;
    }

    /** When the order is to close at the latest, if its checkout closed first. */
    public OffsetDateTime closeBy() {
        return closeBy;
    }

    /** {@code ownExpiry}, or the moment the checkout asked it to close by when that is sooner. */
    public OffsetDateTime closesAt(OffsetDateTime ownExpiry) {
        return closeBy != null && closeBy.isBefore(ownExpiry) ? closeBy : ownExpiry;
    }

    /** Asks the order to close by {@code when}, or earlier if it was asked so already. */
    public void closeNoLaterThan(OffsetDateTime when) {
        OffsetDateTime utc = when.withOffsetSameInstant(ZoneOffset.UTC);
        if (closeBy == null || utc.isBefore(closeBy)) {
            closeBy = utc;
        }
    }
}
