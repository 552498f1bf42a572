package dev.iotpaymerchant.platform.work;

import java.time.OffsetDateTime;

/**
 * Fired (synchronously, outside any transaction) by the housekeeping timer on every usable node, so
 * each component purges what it keeps past its retention on one schedule, without platform knowing
 * the components.
 */
public record Housekeeping(OffsetDateTime at) {
}
