package dev.iotpaymerchant.platform.values;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Amounts as a person reads them: major units with the currency's own decimals, never a 100× misreading. */
class MinorUnitsTest {

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "801|CAD|8.01 CAD", "800|CAD|8.00 CAD", "1|CAD|0.01 CAD", "0|CAD|0.00 CAD", "199999|USD|1999.99 USD",
            "1000000|CNY|10000.00 CNY", "-250|CAD|-2.50 CAD",
            "500|JPY|500 JPY", "1234|KRW|1234 KRW",
            "1234|KWD|1.234 KWD", "5|BHD|0.005 BHD",
            "801|XXX|8.01 XXX", "801|cad|8.01 cad", "801|NOPE|8.01 NOPE"})
    void showsMajorUnitsWithTheCurrencysDecimals(long minor, String currency, String text) {
        assertEquals(text, MinorUnits.format(minor, currency));
    }

    @Test
    void theExtremesAreExact() {
        assertEquals("92233720368547758.07 CAD", MinorUnits.format(Long.MAX_VALUE, "CAD"));
        assertEquals("-92233720368547758.08 CAD", MinorUnits.format(Long.MIN_VALUE, "CAD"));
        assertEquals("9223372036854775807 JPY", MinorUnits.format(Long.MAX_VALUE, "JPY"));
    }

    @Test
    void withoutACurrencyTwoDecimals() {
        assertEquals("10000.00", MinorUnits.format(1_000_000));
        assertEquals("0.05", MinorUnits.format(5));
        assertEquals("8.01", MinorUnits.format(801, null));
    }
}
