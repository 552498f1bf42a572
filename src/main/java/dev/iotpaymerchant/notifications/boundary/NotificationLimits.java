package dev.iotpaymerchant.notifications.boundary;

import java.util.Map;

/**
 * The contract's limits of IOTPay's notification parameters (IotPayNotification in openapi.yaml):
 * the lengths IOTPay documents, with room to spare, so that no notification IOTPay sends for our
 * orders comes near them. A longer value is malformed (400) before anything is verified or stored:
 * IOTPay retries, and the sweep asks IOTPay about the order in any case. Parameters the contract
 * does not name (IOTPay may add some) are bounded by the body's 16 KiB alone.
 */
final class NotificationLimits {

    /** Characters, after URL-decoding. */
    static final Map<String, Integer> MAX_LENGTHS = Map.ofEntries(
            Map.entry("payOrderId", 64), Map.entry("mchId", 32), Map.entry("mchOrderNo", 64),
            Map.entry("channelId", 32), Map.entry("currency", 16), Map.entry("amount", 20),
            Map.entry("status", 8), Map.entry("clientIp", 45), Map.entry("device", 64),
            Map.entry("subject", 64), Map.entry("body", 255), Map.entry("channelOrderNo", 64),
            Map.entry("param1", 64), Map.entry("param2", 64), Map.entry("paySuccTime", 20),
            Map.entry("backType", 8), Map.entry("sign", 64));

    private NotificationLimits() {
    }

    /** Refuses (IllegalArgumentException, as a malformed notification) a value longer than its limit. */
    static Map<String, String> check(Map<String, String> parameters) {
        parameters.forEach((name, value) -> {
            Integer max = MAX_LENGTHS.get(name);
            if (max != null && value.length() > max) {
                throw new IllegalArgumentException("the parameter '" + name + "' is longer than " + max + " characters");
            }
        });
        return parameters;
    }
}
