package dev.iotpaymerchant.platform.control;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants as every JSON answer writes them: RFC 3339 in UTC, always with seconds.
 * {@code OffsetDateTime.toString()} drops ":00" seconds (12:00Z), which is not an RFC 3339
 * date-time and breaks clients generated from the contract.
 */
public final class Instants {

    private Instants() {
    }

    public static String text(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
