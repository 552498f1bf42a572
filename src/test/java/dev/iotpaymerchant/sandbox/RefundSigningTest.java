package dev.iotpaymerchant.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.iotpay.control.IotPaySigner;
import dev.iotpaymerchant.iotpay.control.JsonText;

/**
 * The sandbox checks refund_order signatures with its own, independent implementation; both it and
 * the signer agree with the refund vector of sign-vectors.json (docs/iotpay-protocol.md, Signing), so a
 * refund the sandbox accepts is one IOTPay's rules accept.
 */
class RefundSigningTest {

    private static final JsonObject VECTORS = load();
    private static final String KEY = VECTORS.getString("key");

    @Test
    void theRefundVectorSignsTheSameWithTheSignerAndTheSandbox() {
        JsonObject vector = VECTORS.getJsonArray("vectors").getValuesAs(JsonObject.class).stream()
                .filter(v -> v.getString("name").startsWith("V4-refund_order")).findFirst().orElseThrow();
        Map<String, String> params = JsonText.of(vector.getJsonObject("params"));
        assertEquals(vector.getString("sign"), IotPaySigner.sign(params, KEY, Set.of()));
        assertEquals(vector.getString("sign"), XxPaySignature.sign(params, KEY, Set.of()));
    }

    @Test
    void aRefundRequestAsTheClientBuildsItVerifiesAtTheSandboxAndATamperedOneDoesNot() {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("mchId", "10000701");
        request.put("mchRefundNo", "RFq3Zk1V7xJ0aN2bL5cR8t");
        request.put("payOrderId", "P0020261126123212000003");
        request.put("refundAmount", "500");
        request.put("currency", "CAD");
        request.put("clientIp", "203.0.113.9");
        request.put("loginName", "cashier01");
        request.put("channelId", "WX_APP");
        request.put("sign", IotPaySigner.sign(request, KEY, Set.of()));
        assertTrue(XxPaySignature.verify(request, KEY));
        request.put("refundAmount", "5000");
        assertFalse(XxPaySignature.verify(request, KEY));
    }

    private static JsonObject load() {
        try (InputStream in = RefundSigningTest.class.getResourceAsStream("/sign-vectors.json")) {
            return Json.createReader(in).readObject();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
