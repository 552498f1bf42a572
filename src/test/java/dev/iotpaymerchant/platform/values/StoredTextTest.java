package dev.iotpaymerchant.platform.values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.notifications.entity.NotificationOutcome;
import dev.iotpaymerchant.notifications.entity.ReceivedNotification;

/** Attacker-controlled notification text is stored as clean text, within its column. */
class StoredTextTest {

    @Test
    void controlCharactersBecomeQuestionMarks() {
        assertEquals("MO?x?y?z", StoredText.of("MO\u0000x\ry\nz", 64));
    }

    @Test
    void isCutToTheColumnWithoutSplittingACharacter() {
        assertEquals("ab", StoredText.of("ab\uD83D\uDE00", 3), "an emoji does not fit in one place");
        assertEquals("ab\uD83D\uDE00", StoredText.of("ab\uD83D\uDE00c", 4));
        assertEquals(4000, StoredText.of("x".repeat(5000), 4000).length());
    }

    @Test
    void aLoneSurrogateIsNotStored() {
        assertEquals("a?b", StoredText.of("a\uD800b", 10));
    }

    @Test
    void nullStaysNull() {
        assertNull(StoredText.of(null, 10));
    }

    @Test
    void aForgedNotificationIsRecordedCleanAndWithoutItsSign() {
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("mchOrderNo", "MO\u0000evil\r\nline");
        forged.put("param1", "<script>alert(1)</script>" + "y".repeat(4000));
        forged.put("sign", "ABCDEF");
        ReceivedNotification row = new ReceivedNotification(forged, NotificationOutcome.BAD_SIGNATURE,
                "reason\u0000", "127.0.0.1\n", OffsetDateTime.now());
        assertEquals("MO?evil??line", row.getMchOrderNo());
        assertEquals("reason?", row.getReason());
        assertTrue(row.getParameters().length() <= 4000);
        assertTrue(row.getParameters().startsWith("mchOrderNo=MO?evil??line\nparam1=<script>"), row.getParameters());
        assertFalse(row.getParameters().contains("ABCDEF"), "never the sign");
        assertFalse(row.getParameters().contains("\u0000"));
    }
}
