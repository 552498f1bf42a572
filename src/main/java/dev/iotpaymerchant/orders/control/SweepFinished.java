package dev.iotpaymerchant.orders.control;

import java.time.OffsetDateTime;

/**
 * Fired (synchronously, outside any transaction) at the end of every sweep, so other components
 * can do their housekeeping on the same schedule without orders knowing them.
 */
public record SweepFinished(OffsetDateTime at) {
}
