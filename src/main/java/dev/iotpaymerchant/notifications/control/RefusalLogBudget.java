package dev.iotpaymerchant.notifications.control;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;


/**
 * How many refused and duplicate notifications this node may still write to the log in the current
 * minute ({@code notifications.refused-log-per-minute}). Anyone can send forged notifications, and
 * anyone who captured one genuine signed notification can replay it; without a bound each one would
 * be a row. Per node and per wall-clock minute: simple, and enough to keep a flood from filling the
 * database while a real attack still leaves a trace. Refusals and duplicates share the budget.
 */
@ApplicationScoped
public class RefusalLogBudget {

    @Inject
    Clock clock;

    @Inject
    NotificationSettings settings;

    private long minute = Long.MIN_VALUE;
    private int used;

    /** True when one more refused or duplicate notification may be written now. */
    public synchronized boolean take() {
        long now = clock.millis() / 60_000;
        if (now != minute) {
            minute = now;
            used = 0;
        }
        if (used >= settings.refusedLogPerMinute()) {
            return false;
        }
        used++;
        return true;
    }
}
