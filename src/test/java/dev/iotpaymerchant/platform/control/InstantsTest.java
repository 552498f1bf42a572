package dev.iotpaymerchant.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

class InstantsTest {

    @Test
    void aWholeMinuteKeepsItsSeconds() {
        assertEquals("2026-11-26T20:00:00Z", Instants.text(OffsetDateTime.parse("2026-11-26T20:00Z")));
    }

    @Test
    void otherOffsetsAreWrittenInUtcWithTheirFraction() {
        assertEquals("2026-11-26T12:32:12.537137Z", Instants.text(OffsetDateTime.parse("2026-11-26T07:32:12.537137-05:00")));
    }
}
