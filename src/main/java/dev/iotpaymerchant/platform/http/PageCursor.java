package dev.iotpaymerchant.platform.http;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Predicate;

import dev.iotpaymerchant.platform.values.Instants;

/**
 * Where a page of a newest-first list ended: the last row's (createdAt, key). Opaque to clients:
 * base64url of "createdAt|key". The next page starts strictly after it, so a client paging sees no
 * row twice and misses none it started with.
 */
public record PageCursor(OffsetDateTime createdAt, String key) {

    /**
     * The longest cursor the contract lets a client send back: a cursor we give out is base64url of at
     * most 30 + 1 + 32 bytes (84 characters).
     */
    public static final int MAX_TEXT = 100;

    public String encode() {
        String text = createdAt.withOffsetSameInstant(ZoneOffset.UTC) + "|" + key;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Empty when {@code text} is not a cursor this API gave out (its key must pass {@code wellFormed}). */
    public static Optional<PageCursor> decode(String text, Predicate<String> wellFormed) {
        if (text.length() > MAX_TEXT) {
            return Optional.empty();
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int bar = plain.indexOf('|');
            OffsetDateTime createdAt = OffsetDateTime.parse(plain.substring(0, bar));
            String key = plain.substring(bar + 1);
            if (!Instants.storable(createdAt) || !wellFormed.test(key)) {
                return Optional.empty(); // we never gave it out, and the database could not compare it
            }
            return Optional.of(new PageCursor(createdAt, key));
        } catch (RuntimeException notACursor) {
            return Optional.empty();
        }
    }
}
