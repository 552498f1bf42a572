package dev.iotpaymerchant.fulfilment.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Our webhook signatures are the Standard Webhooks ones, so a receiver's existing library (Svix,
 * standardwebhooks) verifies them: reproducing the specification's published vector is the proof;
 * a round trip through our own verifier alone would pass with the wrong key decoding too.
 */
class WebhookSignatureTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void reproducesTheSpecificationsTestVector() {
        assertEquals(EXPECTED, WebhookSignature.sign(WebhookSignature.keyOf(SECRET), ID, TIMESTAMP, BODY));
    }

    @Test
    void theKeyIsTheBase64PartOfTheSecretWithOrWithoutItsPrefix() {
        assertEquals(EXPECTED, WebhookSignature.sign(WebhookSignature.keyOf(SECRET.substring(6)), ID, TIMESTAMP, BODY));
    }

    @Test
    void verifiesAnyOfSeveralSpaceSeparatedSignatures() {
        byte[] key = WebhookSignature.keyOf(SECRET);
        assertTrue(WebhookSignature.verify(key, ID, TIMESTAMP, BODY, EXPECTED));
        assertTrue(WebhookSignature.verify(key, ID, TIMESTAMP, BODY, "v1,bm9wZQ== " + EXPECTED));
    }

    @Test
    void duringARotationTheHeaderCarriesOneSignaturePerSecretAndEachVerifies() {
        byte[] current = WebhookSignature.keyOf("whsec_" + java.util.Base64.getEncoder().encodeToString("the new webhook secret!!".getBytes()));
        byte[] previous = WebhookSignature.keyOf(SECRET);
        String header = WebhookSignature.sign(java.util.List.of(current, previous), ID, TIMESTAMP, BODY);
        String[] signatures = header.split(" ");
        assertEquals(2, signatures.length, header);
        assertEquals(WebhookSignature.sign(current, ID, TIMESTAMP, BODY), signatures[0], "the current secret's first");
        assertEquals(EXPECTED, signatures[1], "then the previous secret's");
        assertTrue(WebhookSignature.verify(current, ID, TIMESTAMP, BODY, header), "a receiver with the new secret");
        assertTrue(WebhookSignature.verify(previous, ID, TIMESTAMP, BODY, header), "a receiver still on the old secret");
        assertFalse(WebhookSignature.verify(WebhookSignature.keyOf("whsec_" + "A".repeat(32)), ID, TIMESTAMP, BODY, header));
        assertEquals(EXPECTED, WebhookSignature.sign(java.util.List.of(previous), ID, TIMESTAMP, BODY), "one secret: one signature");
    }

    @Test
    void refusesAnythingChanged() {
        byte[] key = WebhookSignature.keyOf(SECRET);
        assertFalse(WebhookSignature.verify(key, ID, TIMESTAMP, BODY + " ", EXPECTED), "body");
        assertFalse(WebhookSignature.verify(key, "msg_other", TIMESTAMP, BODY, EXPECTED), "id");
        assertFalse(WebhookSignature.verify(key, ID, TIMESTAMP + 1, BODY, EXPECTED), "timestamp");
        assertFalse(WebhookSignature.verify(WebhookSignature.keyOf("whsec_" + "A".repeat(32)), ID, TIMESTAMP, BODY, EXPECTED), "key");
        assertFalse(WebhookSignature.verify(key, ID, TIMESTAMP, BODY, null), "none");
        assertFalse(WebhookSignature.verify(key, ID, TIMESTAMP, BODY, EXPECTED.replace("v1,", "v2,")), "another scheme");
    }

    @Test
    void eventIdsAreUniqueAndFitTheColumn() {
        String first = PaymentEventOutbox.newEventId();
        assertTrue(first.matches("evt_[A-Za-z0-9_-]{24}"), first);
        assertFalse(first.equals(PaymentEventOutbox.newEventId()));
    }
}
