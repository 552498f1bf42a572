package dev.iotpaymerchant.notifications.control;

import java.util.Optional;

import dev.iotpaymerchant.notifications.entity.NotificationOutcome;

/**
 * The outcome of one notification; when refused, why (safe to log and show: no secrets); when it
 * paid an order, the event to publish once the transaction has committed.
 */
public record Verdict(NotificationOutcome outcome, String reason, Optional<Object> event) {

    static Verdict of(NotificationOutcome outcome, String reason) {
        return new Verdict(outcome, reason, Optional.empty());
    }

    static Verdict paid(NotificationOutcome outcome, String reason, Object event) {
        return new Verdict(outcome, reason, Optional.of(event));
    }
}
