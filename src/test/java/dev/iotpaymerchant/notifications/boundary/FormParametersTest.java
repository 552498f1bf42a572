package dev.iotpaymerchant.notifications.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class FormParametersTest {

    @Test
    void decodesTheStandardWay() {
        Map<String, String> p = FormParameters.parse("subject=Caf%C3%A9+au+lait&a%26b=1%2B1%3D2&param1=");
        assertEquals("Café au lait", p.get("subject"));
        assertEquals("1+1=2", p.get("a&b"));
        assertEquals("", p.get("param1"));
    }

    @Test
    void refusesARepeatedName() {
        assertThrows(IllegalArgumentException.class, () -> FormParameters.parse("amount=1&amount=100"));
    }

    @Test
    void refusesBrokenEscapes() {
        assertThrows(IllegalArgumentException.class, () -> FormParameters.parse("amount=%zz"));
    }

    @Test
    void mergesQueryAndBodyWhenTheyAgree() {
        Map<String, String> all = FormParameters.merge(Map.of("a", "1", "b", "2"), Map.of("b", "2", "c", "3"));
        assertEquals(Map.of("a", "1", "b", "2", "c", "3"), all);
    }

    @Test
    void refusesQueryAndBodyThatDisagree() {
        assertThrows(IllegalArgumentException.class, () -> FormParameters.merge(Map.of("amount", "1"), Map.of("amount", "100")));
    }
}
