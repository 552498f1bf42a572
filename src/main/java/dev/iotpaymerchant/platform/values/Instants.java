package dev.iotpaymerchant.platform.values;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Instants as every JSON answer writes them: RFC 3339 in UTC, always with seconds.
 * {@code OffsetDateTime.toString()} drops ":00" seconds (12:00Z), which is not an RFC 3339
 * date-time and breaks clients generated from the contract. And instants as a caller sends them in a
 * query: the one place that reads them.
 */
public final class Instants {

    /** The earliest instant a query may name: what every supported database stores (years 1 to 9999, UTC). */
    public static final OffsetDateTime EARLIEST = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    /**
     * The longest instant a query parameter may be (the contract's maxLength): the longest one we
     * take, with nanoseconds and an offset in seconds, is 38 characters.
     */
    public static final int MAX_PARAMETER = 40;
    /** The latest instant a query may name. */
    public static final OffsetDateTime LATEST = OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999, ZoneOffset.UTC);

    private Instants() {
    }

    public static String text(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /**
     * The query parameter {@code name}: empty when absent; a {@code 400} problem when it is not an
     * ISO-8601 instant with an offset, or names an instant outside years 1 to 9999 in UTC, which the
     * database cannot hold (java.time reads years up to ±999,999,999).
     */
    public static Optional<OffsetDateTime> parameter(String name, String text) {
        if (text == null) {
            return Optional.empty();
        }
        OffsetDateTime instant;
        try {
            if (text.length() > MAX_PARAMETER) {
                throw new DateTimeParseException("longer than any instant we take", text, MAX_PARAMETER);
            }
            instant = OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidRequest("'" + name + "' must be an ISO-8601 instant with offset, e.g. 2026-11-26T00:00:00Z.");
        }
        if (!storable(instant)) {
            throw new InvalidRequest("'" + name + "' must lie between " + text(EARLIEST) + " and "
                    + text(LATEST.withNano(0)) + ".");
        }
        return Optional.of(instant);
    }

    /** True when the database can hold {@code instant}: years 1 to 9999 in UTC. */
    public static boolean storable(OffsetDateTime instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }
}
