package dev.iotpaymerchant.idempotency.boundary;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.iotpaymerchant.platform.http.boundary.ProblemException;

/**
 * The one rule for an {@code Idempotency-Key} header (IETF httpapi draft): 1 to 255 visible ASCII
 * characters, e.g. a UUID; and where it is kept: every token subject has keys of its own, and
 * every kind of request too, so one caller's key can never replay another caller's answer.
 */
public final class IdempotencyKeyHeader {

    public static final String NAME = "Idempotency-Key";

    private static final Pattern VALID = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private IdempotencyKeyHeader() {
    }

    /** The key where it may be left out: absent gives empty; malformed is a 400. */
    public static Optional<String> optional(String header) {
        if (header == null) {
            return Optional.empty();
        }
        if (!VALID.matcher(header).matches()) {
            throw ProblemException.badRequest("The Idempotency-Key must be 1 to 255 visible ASCII characters, "
                    + "e.g. a UUID.");
        }
        return Optional.of(header);
    }

    /** The key where it is required ({@code what} names the request, e.g. "A refund"), with {@code why}. */
    public static String required(String header, String what, String why) {
        if (header == null || !VALID.matcher(header).matches()) {
            throw ProblemException.badRequest(what + " needs an Idempotency-Key header (1 to 255 visible ASCII "
                    + "characters, e.g. a UUID), " + why + ".");
        }
        return header;
    }

    /**
     * The key as stored: {@code kind} (empty for orders, whose keys were stored first and keep their
     * form; "refund", "console" …) and the caller's subject in front of it. Without
     * authentication there is no subject and the key is kept as given.
     */
    public static String scoped(String kind, Optional<String> subject, String key) {
        String owned = subject.map(sub -> "sub:" + sha256(sub).substring(0, 32) + ":" + key).orElse(key);
        return kind.isEmpty() ? owned : kind + ":" + owned;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
