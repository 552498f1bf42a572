package dev.iotpaymerchant.platform.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one mechanism behind every rate limit and log budget (orders created, reads, refused notifications
 * written): a count per key in fixed windows of one length, on this node only. Fixed windows are crude at
 * their edges (a caller may use a limit at the end of one window and again at the start of the next) but
 * cost one map entry per key and no timer; ADR 0021 says why per node.
 *
 * <p>Memory stays bounded: once more than {@code maxKeys} keys are held, keys of past windows are forgotten
 * (at most once per window, so a flood does not scan the map on every request), and while it is still full,
 * new keys share one overflow window: a flood of fresh keys (addresses, say) limits itself, not the callers
 * already counted.
 */
public final class FixedWindowLimiter {

    /** The key that every new key shares while the limiter holds {@code maxKeys} keys. */
    public static final String OVERFLOW = "\u0000overflow";

    private final long windowMillis;
    private final int maxKeys;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private volatile long forgotten = Long.MIN_VALUE;

    private record Window(long index, int used) {
    }

    /** Whether one more was allowed, and if not, in how many whole seconds the window turns. */
    public record Taken(boolean allowed, long retryAfterSeconds) {
    }

    public FixedWindowLimiter(Duration window, int maxKeys) {
        if (window.toMillis() < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("A window of at least 1 ms and at least one key.");
        }
        this.windowMillis = window.toMillis();
        this.maxKeys = maxKeys;
    }

    /**
     * Counts one for {@code key} at {@code nowMillis} if fewer than {@code limit} were counted in its window;
     * a refusal is not counted, so a caller that keeps trying is not pushed further back.
     */
    public Taken take(String key, int limit, long nowMillis) {
        long index = Math.floorDiv(nowMillis, windowMillis);
        String counted = bounded(key, index);
        boolean[] allowed = {false};
        windows.compute(counted, (k, window) -> {
            int used = window == null || window.index() != index ? 0 : window.used();
            if (used >= limit) {
                return window;
            }
            allowed[0] = true;
            return new Window(index, used + 1);
        });
        long retryAfter = allowed[0] ? 0 : Math.max(1, ((index + 1) * windowMillis - nowMillis + 999) / 1000);
        return new Taken(allowed[0], retryAfter);
    }

    /** How many keys are held now (for the tests of its bound). */
    public int keys() {
        return windows.size();
    }

    private String bounded(String key, long index) {
        if (windows.size() < maxKeys || windows.containsKey(key)) {
            return key;
        }
        if (forgotten < index) {
            forgotten = index;
            windows.values().removeIf(window -> window.index() < index);
        }
        return windows.size() < maxKeys || windows.containsKey(key) ? key : OVERFLOW;
    }
}
