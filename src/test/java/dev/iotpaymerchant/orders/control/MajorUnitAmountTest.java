package dev.iotpaymerchant.orders.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.iotpaymerchant.platform.values.InvalidRequest;

class MajorUnitAmountTest {

    private static final long MAX = 1_000_000;

    @ParameterizedTest
    @CsvSource({"19.99,1999", "0.29,29", "1,100", "1.5,150", "1.05,105", "007.50,750", "0.01,1", "10000,1000000",
            "10000.00,1000000", "4.35,435", "1.10,110"})
    void convertsMajorUnitsToMinorUnitsExactly(String text, long minor) {
        assertEquals(minor, MajorUnitAmount.toMinorUnits(text, MAX));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "+1", "1e3", "1E3", " 1", "1 ", "1,000", "1.999", ".5", "5.", "1..2", "0x10",
            "١٢", "１２", "12\u0000", "NaN", "Infinity", "1_000", "0", "0.00", "0.0", "10000.01",
            "99999999999999999999", "9223372036854775807"})
    void refusesAnythingElse(String text) {
        assertThrows(InvalidRequest.class, () -> MajorUnitAmount.toMinorUnits(text, MAX)); // a 400 at the edge
    }
}
