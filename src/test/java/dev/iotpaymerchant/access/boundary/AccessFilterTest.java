package dev.iotpaymerchant.access.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.platform.control.ProblemException;

/** IOTPay's callback is the one /api call that needs no token, however the JAX-RS runtime spells its path. */
class AccessFilterTest {

    @Test
    void onlyTheNotifyPathIsExempt() {
        assertTrue(AccessFilter.isNotify("notify"), "Jersey");
        assertTrue(AccessFilter.isNotify("/notify"), "RESTEasy");
        assertFalse(AccessFilter.isNotify("orders"));
        assertFalse(AccessFilter.isNotify("/orders/MOx/notifications"));
        assertFalse(AccessFilter.isNotify("notifyall"));
    }

    @Test
    void aRefusalSaysBearer() {
        ProblemException none = AccessFilter.unauthenticated(true);
        assertEquals(401, none.status());
        assertEquals("Bearer", none.headers().get("WWW-Authenticate"));
        assertEquals("Bearer error=\"invalid_token\"", AccessFilter.unauthenticated(false).headers().get("WWW-Authenticate"));
    }
}
