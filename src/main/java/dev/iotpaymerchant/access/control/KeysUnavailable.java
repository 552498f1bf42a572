package dev.iotpaymerchant.access.control;

import java.time.Duration;

/**
 * No token can be checked just now: the identity provider's keys are not known yet, or are being
 * read again for a key id that no known key has. Nothing is wrong with the token; ask again after
 * {@link #retryAfter()}. No request waits for the keys.
 */
public final class KeysUnavailable extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    public KeysUnavailable(Duration retryAfter) {
        super("the identity provider's keys are not known yet", null, false, false);
        this.retryAfter = retryAfter;
    }

    /** When a read will have been tried: at least a second. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
