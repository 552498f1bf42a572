package dev.iotpaymerchant.platform.values;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A merchant order number ({@code mchOrderNo}): 1 to 30 of [A-Za-z0-9_-], as IOTPay allows (ours are
 * "MO" and 20 random characters). A value of its own rather than a bare {@code String}, so that the
 * resources parse what a caller sent once, and the events say what they carry. Its text form is the
 * number itself, so it reads the same in a log line, a map key's string or JSON.
 */
public record MchOrderNo(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,30}");

    /** Refuses a number that breaks the rule: only well-formed numbers are ever wrapped. */
    public MchOrderNo {
        if (!isWellFormed(value)) {
            throw new InvalidRequest("An order number is 1 to 30 letters, digits, '_' or '-'.");
        }
    }

    /** The number a caller sent, if it is well formed; empty otherwise (then no order has it). */
    public static Optional<MchOrderNo> parse(String text) {
        return isWellFormed(text) ? Optional.of(new MchOrderNo(text)) : Optional.empty();
    }

    /** Whether {@code candidate} follows the rule (null does not). */
    public static boolean isWellFormed(String candidate) {
        return candidate != null && VALID.matcher(candidate).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
