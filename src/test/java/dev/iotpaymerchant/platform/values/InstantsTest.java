package dev.iotpaymerchant.platform.values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstantsTest {

    @Test
    void aWholeMinuteKeepsItsSeconds() {
        assertEquals("2026-11-26T20:00:00Z", Instants.text(OffsetDateTime.parse("2026-11-26T20:00Z")));
    }

    @Test
    void otherOffsetsAreWrittenInUtcWithTheirFraction() {
        assertEquals("2026-11-26T12:32:12.537137Z", Instants.text(OffsetDateTime.parse("2026-11-26T07:32:12.537137-05:00")));
    }

    @Test
    void aParameterLongerThanTheContractsFortyCharactersIsRefused() {
        String longest = "9999-12-31T23:59:59.999999999+00:00:00";
        assertEquals(OffsetDateTime.parse(longest), Instants.parameter("from", longest).orElseThrow());
        assertThrows(InvalidRequest.class, () -> Instants.parameter("from", longest + "   "));
    }

    @Test
    void anAbsentParameterIsNoFilter() {
        assertEquals(Optional.empty(), Instants.parameter("from", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26T00:00:00Z", "2026-11-26T07:32:12.537137-05:00", "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z", "0001-01-01T05:00:00+05:00", "9999-12-31T18:59:59-05:00"})
    void readsInstantsTheDatabaseCanHold(String text) {
        assertEquals(OffsetDateTime.parse(text), Instants.parameter("to", text).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "0000-12-31T23:59:59.999999999Z",
            "-0001-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "0001-01-01T00:00:00+00:01", "9999-12-31T23:59:59-00:01"})
    void anInstantOutsideYearsOneTo9999IsABadRequest(String text) {
        InvalidRequest problem = assertThrows(InvalidRequest.class, () -> Instants.parameter("to", text));
        assertTrue(problem.getMessage().contains("0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z"), problem.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026-11-26", "2026-11-26T00:00:00", "yesterday", "2026-13-01T00:00:00Z", "1e9"})
    void somethingElseIsABadRequestToo(String text) {
        assertThrows(InvalidRequest.class, () -> Instants.parameter("from", text)); // a 400 at the edge
    }

    @Test
    void theRangeIsInclusive() {
        assertTrue(Instants.storable(Instants.EARLIEST));
        assertTrue(Instants.storable(Instants.LATEST));
        assertFalse(Instants.storable(Instants.EARLIEST.minusNanos(1)));
        assertFalse(Instants.storable(Instants.LATEST.plusNanos(1)));
    }
}
