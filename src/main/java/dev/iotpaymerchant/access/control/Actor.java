package dev.iotpaymerchant.access.control;

import java.util.Objects;
import java.util.Optional;

/**
 * Who does an audited action: a request's {@link Caller} ({@link Caller#asActor()}), or the backend
 * itself ({@link #system}). The backend acts by passing one of these to what it calls, never by
 * changing the request-scoped Caller, which everything else in the same request or dispatch shares.
 *
 * @param name    as the audit log names it
 * @param subject who a refund it asks for is recorded as made by: the token's subject, the system's
 *                name, or empty with api.auth=none
 */
public record Actor(String name, Optional<String> subject) {

    public Actor {
        Objects.requireNonNull(name);
        Objects.requireNonNull(subject);
    }

    /** The backend's component {@code who} acting on its own, e.g. refunding a payment a checkout did not need. */
    public static Actor system(String who) {
        String name = "system (" + who + ")";
        return new Actor(name, Optional.of(name));
    }
}
