package dev.iotpaymerchant.platform.observability;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context position (https://www.w3.org/TR/trace-context/): the trace an operation belongs
 * to and the span that stands for it. Used when the server's MicroProfile Telemetry is not
 * recording: the ids still follow a request into its log lines, problems and outgoing calls.
 */
public record TraceContext(String traceId, String spanId, boolean sampled) {

    private static final Pattern TRACEPARENT = Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String INVALID_TRACE = "0".repeat(32);
    private static final String INVALID_SPAN = "0".repeat(16);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The context a {@code traceparent} header names, if it is one: version 00 exactly, later versions
     * by their first four fields (as the specification asks); never the all-zero ids or version ff.
     */
    public static Optional<TraceContext> parse(String traceparent) {
        if (traceparent == null || traceparent.length() < 55 || traceparent.length() > 512) {
            return Optional.empty();
        }
        String value = traceparent.strip();
        var fields = TRACEPARENT.matcher(value.length() > 55 ? value.substring(0, 55) : value);
        if (!fields.matches() || fields.group(1).equals("ff")
                || (fields.group(1).equals("00") && value.length() != 55)
                || (value.length() > 55 && value.charAt(55) != '-')
                || fields.group(2).equals(INVALID_TRACE) || fields.group(3).equals(INVALID_SPAN)) {
            return Optional.empty();
        }
        boolean sampled = (HexFormat.fromHexDigits(fields.group(4)) & 1) == 1;
        return Optional.of(new TraceContext(fields.group(2), fields.group(3), sampled));
    }

    /** The start of a new trace. */
    public static TraceContext newTrace() {
        return new TraceContext(randomHex(16, INVALID_TRACE), randomHex(8, INVALID_SPAN), false);
    }

    /** A new span in the same trace, for an operation this one starts (an outgoing call). */
    public TraceContext child() {
        return new TraceContext(traceId, randomHex(8, INVALID_SPAN), sampled);
    }

    /** The {@code traceparent} header that names this position. */
    public String traceparent() {
        return "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
    }

    private static String randomHex(int bytes, String invalid) {
        byte[] random = new byte[bytes];
        String hex;
        do {
            RANDOM.nextBytes(random);
            hex = HexFormat.of().formatHex(random);
        } while (hex.equals(invalid));
        return hex;
    }
}
