package dev.iotpaymerchant.iotpay.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The signer against every known-answer vector (sign-vectors.json; docs/iotpay-protocol.md, Signing). */
class IotPaySignerTest {

    private static final JsonObject VECTORS = load();
    private static final String KEY = VECTORS.getString("key");

    @TestFactory
    Stream<DynamicTest> signsEveryVectorExactly() {
        return VECTORS.getJsonArray("vectors").getValuesAs(JsonObject.class).stream()
                .map(vector -> DynamicTest.dynamicTest(vector.getString("name"), () -> {
                    Map<String, String> params = JsonText.of(vector.getJsonObject("params"));
                    Set<String> excluded = exclusions(vector);
                    assertEquals(vector.getString("stringToSign"), IotPaySigner.stringToSign(params, KEY, excluded));
                    assertEquals(vector.getString("sign"), IotPaySigner.sign(params, KEY, excluded));
                }));
    }

    @TestFactory
    Stream<DynamicTest> verifiesReceivedVectorsIncludingLowerCaseSigns() {
        return VECTORS.getJsonArray("vectors").getValuesAs(JsonObject.class).stream()
                .filter(vector -> !vector.getString("kind").equals("request"))
                .map(vector -> DynamicTest.dynamicTest(vector.getString("name"), () -> {
                    Map<String, String> received = JsonText.of(vector.getJsonObject("params"));
                    Set<String> excluded = exclusions(vector);
                    assertTrue(IotPaySigner.verify(received, KEY, excluded));
                    received.put("sign", received.get("sign").toLowerCase(Locale.ROOT));
                    assertTrue(IotPaySigner.verify(received, KEY, excluded), "hex case must not matter");
                }));
    }

    @Test
    void rejectsATamperedAmount() {
        Map<String, String> notification = notification("V3");
        notification.put("amount", "1");
        assertFalse(IotPaySigner.verify(notification, KEY, Set.of()));
    }

    @Test
    void rejectsTheWrongKey() {
        assertFalse(IotPaySigner.verify(notification("V3"), "ANOTHERKEY0123456789ABCDEFGHIJKL", Set.of()));
    }

    @Test
    void rejectsMissingEmptyShortAndNonHexSigns() {
        Map<String, String> notification = notification("V3");
        String good = notification.get("sign");
        notification.remove("sign");
        assertFalse(IotPaySigner.verify(notification, KEY, Set.of()), "missing");
        notification.put("sign", "");
        assertFalse(IotPaySigner.verify(notification, KEY, Set.of()), "empty");
        notification.put("sign", good.substring(0, 31));
        assertFalse(IotPaySigner.verify(notification, KEY, Set.of()), "truncated");
        notification.put("sign", good.substring(0, 31) + "G");
        assertFalse(IotPaySigner.verify(notification, KEY, Set.of()), "not hex");
    }

    @Test
    void anUnsignedExtraParameterFailsWhileASignedOnePasses() {
        Map<String, String> notification = notification("V3");
        notification.put("injected", "1");
        assertFalse(IotPaySigner.verify(notification, KEY, Set.of()), "added after signing");

        notification.put("sign", IotPaySigner.sign(notification, KEY));
        assertTrue(IotPaySigner.verify(notification, KEY, Set.of()), "a field the gateway added and signed");
    }

    @Test
    void duringARotationWhatIotPaySignsWithThePreviousKeyVerifiesAndSaysSo() {
        String next = "NEWKEY0123456789ABCDEFGHIJKLMNOP";
        Map<String, String> signedWithOld = notification("V3"); // the vectors' key is the one being rotated out
        assertEquals(IotPaySigner.SignedWith.PREVIOUS, IotPaySigner.verify(signedWithOld, next, KEY, Set.of()));
        assertEquals(IotPaySigner.SignedWith.CURRENT, IotPaySigner.verify(signedWithOld, KEY, next, Set.of()));
        assertEquals(IotPaySigner.SignedWith.NEITHER, IotPaySigner.verify(signedWithOld, next, null, Set.of()),
                "without a previous key only the current one counts");
        assertEquals(IotPaySigner.SignedWith.NEITHER, IotPaySigner.verify(signedWithOld, next,
                "THIRDKEY0123456789ABCDEFGHIJKLMN", Set.of()));
        Map<String, String> signedWithNew = notification("V3");
        signedWithNew.put("sign", IotPaySigner.sign(signedWithNew, next));
        assertEquals(IotPaySigner.SignedWith.CURRENT, IotPaySigner.verify(signedWithNew, next, KEY, Set.of()));
        signedWithNew.put("amount", "1");
        assertEquals(IotPaySigner.SignedWith.NEITHER, IotPaySigner.verify(signedWithNew, next, KEY, Set.of()), "tampered");
    }

    @Test
    void emptyValuesDoNotChangeTheSignature() {
        Map<String, String> params = new LinkedHashMap<>(Map.of("a", "apple", "b", "boat"));
        String without = IotPaySigner.sign(params, KEY);
        params.put("c", "");
        assertEquals(without, IotPaySigner.sign(params, KEY));
    }

    private static Map<String, String> notification(String prefix) {
        return VECTORS.getJsonArray("vectors").getValuesAs(JsonObject.class).stream()
                .filter(vector -> vector.getString("name").startsWith(prefix + "-"))
                .map(vector -> JsonText.of(vector.getJsonObject("params")))
                .findFirst().orElseThrow();
    }

    private static Set<String> exclusions(JsonObject vector) {
        Set<String> excluded = new HashSet<>();
        vector.getJsonArray("exclude").forEach(name -> excluded.add(JsonText.of(name)));
        return excluded;
    }

    private static JsonObject load() {
        try (InputStream in = IotPaySignerTest.class.getResourceAsStream("/sign-vectors.json")) {
            return Json.createReader(in).readObject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
