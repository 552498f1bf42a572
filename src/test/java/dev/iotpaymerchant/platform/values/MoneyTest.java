package dev.iotpaymerchant.platform.values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** An amount is its minor units and its currency, both exactly. */
class MoneyTest {

    @Test
    void isExactlyTheSameMinorUnitsAndCurrency() {
        Money money = new Money(1999, "CAD");
        assertTrue(money.is(1999, "CAD"));
        assertFalse(money.is(1998, "CAD"));
        assertFalse(money.is(1999, "USD"));
        assertFalse(money.is(1999, "cad"), "currency codes are compared as given");
        assertFalse(money.is(1999, null), "a report without a currency is no such amount");
    }

    @Test
    void equalsByValue() {
        assertEquals(new Money(500, "JPY"), new Money(500, "JPY"));
        assertEquals(new Money(500, "JPY").hashCode(), new Money(500, "JPY").hashCode());
        assertNotEquals(new Money(500, "JPY"), new Money(500, "CNY"));
        assertEquals("500 JPY", new Money(500, "JPY").toString());
    }

    @Test
    void alwaysHasACurrency() {
        assertThrows(NullPointerException.class, () -> new Money(1, null));
    }
}
