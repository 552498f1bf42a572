package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.assertProblem;
import static dev.iotpaymerchant.it.Backend.createCallsAtGateway;
import static dev.iotpaymerchant.it.Backend.get;
import static dev.iotpaymerchant.it.Backend.oversizedPost;
import static dev.iotpaymerchant.it.Backend.post;
import static dev.iotpaymerchant.it.Backend.postJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input, over HTTP on Payara Micro: amounts, pay and order requests the API refuses with an RFC 9457
 * problem before anything reaches IOTPay, bodies too large or not JSON, and unknown orders. Every test stands
 * alone, so their order does not matter.
 */
@ExtendWith(ArquillianExtension.class)
class BadInputIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Backend.war();
    }

    // ---- bad input never reaches IOTPay ------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "-1", "1e3", "19.999", "1,000", "%2019.99", "19.99%20", "%EF%BC%91", ".5",
            "10000.01", "abc", "99999999999999999999999"})
    void aBadAmountIsAProblemAndNeverReachesIotPay(String amount) {
        long before = createCallsAtGateway();
        assertProblem(get("/api/pay?channelid=WX_APP&amount=" + amount), 400);
        assertEquals(before, createCallsAtGateway());
    }

    @ParameterizedTest
    @ValueSource(strings = {"channelid=WX_JSAPI&amount=1", "amount=1", "channelid=wx_app&amount=1",
            "channelid=WX_APP&amount=1&amount=2", "channelid=ALIPAY_WAP&amount=1&ostype=WINDOWS",
            "channelid=ALIPAY_MOBILE&amount=1&ostype=IOS", "channelid=ALIPAY_WAP&amount=1",
            "channelid=WX_JSAPI&amount=1&returnurl=https%3A%2F%2Fevil.example%2F",
            "channelid=WX_APP&amount=1&subject=%0D%0Ainjected"})
    void aBadPayRequestIsAProblemAndNeverReachesIotPay(String query) {
        long before = createCallsAtGateway();
        assertProblem(get("/api/pay?" + query), 400);
        assertEquals(before, createCallsAtGateway());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "{\"channelId\":\"WX_APP\"}", "{\"channelId\":\"WX_APP\",\"amount\":19.99}",
            "{\"channelId\":\"WX_APP\",\"amount\":\"1999\"}", "{\"channelId\":\"WX_APP\",\"amount\":0}",
            "{\"channelId\":\"WX_APP\",\"amount\":-5}", "{\"channelId\":\"WX_APP\",\"amount\":1e30}",
            "{\"amount\":100}", "{\"channelId\":\"PAYPAL\",\"amount\":100}",
            "{\"channelId\":\"WX_APP\",\"amount\":100,\"ammount\":100}",
            "{\"channelId\":\"WX_APP\",\"amount\":100,\"amount\":1}",
            "{\"channelId\":\"WX_APP\",\"amount\":100,\"currency\":\"EUR\"}",
            "{\"channelId\":\"WX_APP\",\"amount\":100,\"subject\":\"12345678901234567890123456789012345678901234567890123456789012345\"}",
            "{\"channelId\":\"WX_APP\",\"amount\":100,\"param2\":\"line\\nbreak\"}",
            "{\"channelId\":\"WX_APP\",\"amount\":100,\"osType\":\"WINDOWS\"}",
            "{\"channelId\":\"ALIPAY_WAP\",\"amount\":100}",
            "{\"channelId\":\"WX_JSAPI\",\"amount\":100}",
            "{\"channelId\":\"ALIPAY_PC\",\"amount\":100,\"returnUrl\":\"https://evil.example/phish\"}",
            "{\"channelId\":\"WX_JSAPI\",\"amount\":100,\"returnUrl\":\"javascript:alert(1)\"}",
            "{\"channelId\":\"WX_MICROPAY\",\"amount\":100}",
            "{\"channelId\":\"ALIPAY_MOBILE\",\"amount\":100,\"osType\":\"IOS\"}",
            "{\"channelId\":\"WX_NATIVE\",\"amount\":100,\"productId\":\"<b>x</b>\"}",
            "{\"channelId\":\"WX_APP\",\"amount\":100,\"returnUrl\":\"http://localhost/\"}"})
    void aBadOrderRequestIsAProblemAndNeverReachesIotPay(String body) {
        long before = createCallsAtGateway();
        assertProblem(postJson("/api/orders", body), 400);
        assertEquals(before, createCallsAtGateway());
    }

    @Test
    void aNonJsonOrderRequestIsUnsupported() {
        assertProblem(post("/api/orders", "text/plain", "{\"channelId\":\"WX_APP\",\"amount\":100}"), 415);
    }

    @Test
    void hugeBodiesAreRefusedAsTooLargeWithoutWaitingForThem() {
        String form = "application/x-www-form-urlencoded";
        assertTrue(oversizedPost("/api/notify", form, 1 << 20, 1000).startsWith("HTTP/1.1 413"), "1 MB");
        assertTrue(oversizedPost("/api/notify", form, 10 << 20, 1000).startsWith("HTTP/1.1 413"), "10 MB");
        assertTrue(oversizedPost("/api/orders", "application/json", 1 << 20, 1000).startsWith("HTTP/1.1 413"), "an order");
        assertTrue(oversizedPost("/api/notify", form, -1, 40_000).startsWith("HTTP/1.1 413"), "streamed without a length");
    }

    @Test
    void aBodyJustOverTheLimitGetsAProblem() {
        assertProblem(post("/api/notify", "application/x-www-form-urlencoded", "a=" + "x".repeat(17_000)), 413);
    }

    // ---- what does not exist -----------------------------------------------------------------

    @Test
    void unknownOrdersAreNotFoundProblems() {
        assertProblem(get("/api/orders/MOdoesnotexist000000000"), 404);
        assertProblem(get("/api/orders/not%20a%20number"), 404);
        assertProblem(get("/api/nothing-here"), 404);
    }
}
