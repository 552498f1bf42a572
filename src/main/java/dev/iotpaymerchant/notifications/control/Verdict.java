package dev.iotpaymerchant.notifications.control;

import dev.iotpaymerchant.notifications.entity.NotificationOutcome;

/** The outcome of one notification and, when refused, why (safe to log and show: no secrets). */
public record Verdict(NotificationOutcome outcome, String reason) {

    static Verdict of(NotificationOutcome outcome, String reason) {
        return new Verdict(outcome, reason);
    }
}
