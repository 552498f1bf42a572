package dev.iotpaymerchant.notifications.entity;

/** What we did with a notification from IOTPay. */
public enum NotificationOutcome {
    /** Verified and matching: the order became PAID. */
    APPLIED(true),
    /** Verified and matching, but the order was already paid: acknowledged, nothing changed. */
    DUPLICATE(true),
    /** Verified and matching, for an order we had closed: kept as PAID_AFTER_CLOSE. */
    PAID_AFTER_CLOSE(true),
    /**
     * Correctly signed payment of an existing order that does not match it (amount, currency or
     * payOrderId): the order is in NEEDS_REVIEW with what IOTPay reported. Acknowledged, because it
     * is recorded durably and a retry cannot help.
     */
    NEEDS_REVIEW(true),
    /** The sign is missing, malformed or wrong: possibly forged. */
    BAD_SIGNATURE(false),
    /** Correctly signed but not a payment we can take: another merchant, status 0/1, a browser return, a bad amount. */
    MISMATCH(false),
    /** Correctly signed, for an order number we never issued. */
    UNKNOWN_ORDER(false),
    /** Not a well-formed notification (duplicated or undecodable parameters). */
    MALFORMED(false);

    private final boolean acknowledged;

    NotificationOutcome(boolean acknowledged) {
        this.acknowledged = acknowledged;
    }

    /** True when IOTPay should be told {@code success} and stop retrying. */
    public boolean acknowledged() {
        return acknowledged;
    }
}
