package dev.iotpaymerchant.notifications.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.http.FixedWindowLimiter;

/**
 * How many refused and duplicate notifications this node may still write to the log in the current
 * minute ({@code notifications.refused-log-per-minute}), and of those, how many from one sending address
 * ({@code notifications.refused-log-per-source-per-minute}). Anyone can send forged notifications, and
 * anyone who captured one genuine signed notification can replay it; without a bound each one would
 * be a row, and without a share per address one flood would leave no room to record anyone else's.
 * Per node and per wall-clock minute, in the same windows as every other limit (ADR 0021). Refusals and
 * duplicates share the budget.
 */
@ApplicationScoped
public class RefusalLogBudget {

    private static final String NODE = "node";
    /** More sources than the default budget can write in a minute: the overflow share only bites in a flood. */
    private static final int MAX_SOURCES = 10_000;

    @Inject
    Clock clock;

    @Inject
    NotificationSettings settings;

    private final FixedWindowLimiter sources = new FixedWindowLimiter(Duration.ofMinutes(1), MAX_SOURCES);
    private final FixedWindowLimiter node = new FixedWindowLimiter(Duration.ofMinutes(1), 1);

    /**
     * True when one more refused or duplicate notification from {@code source} may be written now. The
     * source's share is taken first, so a source over its share never uses up the node's budget.
     */
    public synchronized boolean take(String source) {
        long now = clock.millis();
        return sources.take(sourceKey(source), settings.refusedLogPerSourcePerMinute(), now).allowed()
                && node.take(NODE, settings.refusedLogPerMinute(), now).allowed();
    }

    /**
     * An IPv4 address as it is; an IPv6 address by its /64, the least one network is given, so that a
     * sender cannot take a share per address of its own network.
     */
    static String sourceKey(String address) {
        if (address == null || !address.contains(":")) {
            return String.valueOf(address);
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress(); // a literal with ':' is never looked up in DNS
            return bytes.length == 16 ? HexFormat.of().formatHex(bytes, 0, 8) + "::/64" : address;
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
