package dev.iotpaymerchant.platform.values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** An order number wraps only a well-formed number, and reads as the number itself. */
class MchOrderNoTest {

    @Test
    void aWellFormedNumberIsParsedAndReadsAsItself() {
        MchOrderNo number = MchOrderNo.parse("MO_abc-123").orElseThrow();
        assertEquals("MO_abc-123", number.value());
        assertEquals("MO_abc-123", number.toString());
        assertEquals(new MchOrderNo("MO_abc-123"), number);
    }

    @Test
    void aMalformedNumberParsesToNothingAndCannotBeWrapped() {
        for (String text : new String[] {null, "", "MO 1", "MO/1", "M".repeat(31), "MO\u00e91"}) {
            assertEquals(Optional.empty(), MchOrderNo.parse(text), String.valueOf(text));
        }
        assertThrows(InvalidRequest.class, () -> new MchOrderNo("MO 1"));
        assertEquals(Optional.of(new MchOrderNo("M".repeat(30))), MchOrderNo.parse("M".repeat(30)));
    }
}
