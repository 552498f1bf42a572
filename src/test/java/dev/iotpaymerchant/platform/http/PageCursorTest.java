package dev.iotpaymerchant.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class PageCursorTest {

    @Test
    void theLongestCursorWeGiveOutIsWithinTheContractsLimitAndReadBack() {
        PageCursor longest = new PageCursor(OffsetDateTime.parse("9999-12-31T23:59:59.999999999Z"), "C".repeat(32));
        String text = longest.encode();
        assertTrue(text.length() <= PageCursor.MAX_TEXT, text.length() + " characters");
        assertEquals(Optional.of(longest), PageCursor.decode(text, key -> true));
    }

    @Test
    void aCursorLongerThanTheContractsLimitIsNotOneWeGaveOut() {
        String padded = new PageCursor(OffsetDateTime.parse("2026-11-26T12:30:00.125Z"), "C".repeat(80)).encode();
        assertTrue(padded.length() > PageCursor.MAX_TEXT);
        assertEquals(Optional.empty(), PageCursor.decode(padded, key -> true));
    }
}
