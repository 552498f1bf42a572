package dev.iotpaymerchant.iotpay.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.platform.http.Jsons;

/**
 * IOTPay's answers: when signed, they must verify with the merchant key, or during a rotation with
 * the previous one; anything else is no usable answer.
 */
class AnswerSignatureTest {

    private static final String CURRENT = "NEWKEY0123456789ABCDEFGHIJKLMNOP";
    private static final String PREVIOUS = "OLDKEY0123456789ABCDEFGHIJKLMNOP";

    @Test
    void anAnswerSignedWithTheCurrentOrThePreviousKeyIsUsable() {
        assertEquals(GatewayAnswer.Kind.SUCCESS, IotPayClient.parse(answer(CURRENT), CURRENT, PREVIOUS).kind());
        assertEquals(GatewayAnswer.Kind.SUCCESS, IotPayClient.parse(answer(PREVIOUS), CURRENT, PREVIOUS).kind());
        assertEquals(GatewayAnswer.Kind.SUCCESS, IotPayClient.parse(answer(CURRENT), CURRENT, null).kind());
    }

    @Test
    void anAnswerSignedWithAnotherKeyIsNotUsable() {
        GatewayAnswer withOld = IotPayClient.parse(answer(PREVIOUS), CURRENT, null);
        assertEquals(GatewayAnswer.Kind.UNKNOWN, withOld.kind(), "the previous key is no longer set");
        assertEquals("IOTPay's answer carries a signature that does not match", withOld.reason());
        assertEquals(GatewayAnswer.Kind.UNKNOWN, IotPayClient.parse(answer("THIRDKEY0123456789ABCDEFGHIJKLMN"), CURRENT, PREVIOUS).kind());
    }

    private static String answer(String key) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("retCode", "SUCCESS");
        fields.put("resCode", "SUCCESS");
        fields.put("payOrderId", "P0020260101000000001");
        fields.put("mchId", "10000701");
        fields.put("sign", IotPaySigner.sign(fields, key, IotPaySigner.RESPONSE_EXCLUSIONS));
        var json = Jsons.object();
        fields.forEach(json::add);
        return json.build().toString();
    }
}
