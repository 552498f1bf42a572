package dev.iotpaymerchant.access.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.access.control.TokenRefused;
import dev.iotpaymerchant.platform.http.boundary.ProblemException;

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
    void withoutATokenTheChallengeCarriesNoError() {
        ProblemException none = AccessFilter.noToken();
        assertEquals(401, none.status());
        assertEquals("Bearer", none.headers().get("WWW-Authenticate"));
        assertFalse(none.extensions().containsKey("reason"));
    }

    @Test
    void aRefusedTokenSaysWhyInTheChallengeAndTheProblem() {
        for (TokenRefused.Reason reason : TokenRefused.Reason.values()) {
            ProblemException refused = AccessFilter.refused(reason);
            assertEquals(401, refused.status());
            assertEquals("Bearer error=\"invalid_token\", error_description=\"" + reason.text() + "\"",
                    refused.headers().get("WWW-Authenticate"));
            assertEquals(reason.text(), refused.extensions().get("reason"));
            assertTrue(refused.detail().startsWith("The bearer token was refused: " + reason.text() + ". "), refused.detail());
        }
    }

    @Test
    void unknownKeysAreA503WithRetryAfterInWholeSecondsNotA401() {
        ProblemException unavailable = AccessFilter.keysUnavailable(java.time.Duration.ofMillis(1500));
        assertEquals(503, unavailable.status());
        assertEquals("signing-keys-unavailable", unavailable.type());
        assertEquals("2", unavailable.headers().get("Retry-After"));
        assertFalse(unavailable.headers().containsKey("WWW-Authenticate"), "nothing is wrong with the token");
        assertEquals("1", AccessFilter.keysUnavailable(java.time.Duration.ZERO).headers().get("Retry-After"));
    }
}
