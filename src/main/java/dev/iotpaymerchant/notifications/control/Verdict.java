package dev.iotpaymerchant.notifications.control;

import dev.iotpaymerchant.notifications.entity.NotificationOutcome;

/**
 * The outcome of one notification and, when it was not a plain payment, why (safe to log and to
 * show: no secrets). {@code replay} is true for an acknowledged notification that changed nothing
 * because what it reports was already taken (a {@code DUPLICATE}, or a contradicting payment of an
 * order already in review). {@code recorded} is false when a refusal or a replay was not written to
 * the log because this node's budget for them was spent. {@code previousKey} is true when it
 * verified only with the previous merchant key ({@code iotpay.mch-key-previous}), during a rotation:
 * it was judged like any other, and is counted so operators see when that key goes quiet.
 */
public record Verdict(NotificationOutcome outcome, String reason, boolean replay, boolean recorded, boolean previousKey) {

    static Verdict of(NotificationOutcome outcome, String reason) {
        return new Verdict(outcome, reason, false, true, false);
    }

    static Verdict replayed(NotificationOutcome outcome, String reason) {
        return new Verdict(outcome, reason, true, true, false);
    }

    /**
     * True when the notification changed nothing and anyone can send it again at will: a refusal
     * (forged, or not ours), or a replayed genuine one (one captured signed notification suffices).
     * Such notifications are written to the log only while this node's per-minute budget lasts.
     */
    boolean budgeted() {
        return replay || !outcome.acknowledged();
    }

    Verdict unrecorded() {
        return new Verdict(outcome, reason, replay, false, previousKey);
    }

    Verdict signedWithPreviousKey() {
        return new Verdict(outcome, reason, replay, recorded, true);
    }
}
