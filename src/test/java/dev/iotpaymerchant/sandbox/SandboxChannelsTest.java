package dev.iotpaymerchant.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.iotpay.control.IotPaySigner;
import dev.iotpaymerchant.iotpay.control.JsonText;
import dev.iotpaymerchant.platform.settings.ConfiguredNode;
import dev.iotpaymerchant.platform.settings.MapConfig;

/**
 * What the sandbox answers per channel, checked the way our client checks IOTPay's answers (the signature over
 * {@link JsonText#of(JsonObject)} of the top-level members, {@code payParams} excluded), and its wallet page.
 */
class SandboxChannelsTest {

    private static final String KEY = "0123456789ABCDEF0123456789ABCDEF";
    private static final String WALLET = "http://localhost:18280/sandbox/wallet/";

    private final SandboxGateway gateway = gateway();

    @Test
    void sdkChannelsAnswerPayParams() {
        JsonObject wechat = created(request("WX_APP", Map.of("extra", "{\"type\":\"apppay\",\"appId\":\"wx0app\"}")));
        assertEquals("wx0app", wechat.getJsonObject("payParams").getString("appid"));

        JsonObject alipay = created(request("ALIPAY_MOBILE", Map.of("osType", "IOS")));
        assertTrue(alipay.getString("payParams").startsWith("app_id="));

        JsonObject unionPay = created(request("UPI_APP", Map.of()));
        JsonObject payParams = unionPay.getJsonObject("payParams");
        assertTrue(payParams.getString("tn").matches("[0-9]{21}"), payParams.toString());
        assertEquals("00", payParams.getString("mode"));
    }

    @Test
    void redirectChannelsAnswerTheWalletPageInRetParams() {
        JsonObject wap = created(request("ALIPAY_WAP", Map.of("osType", "ANDROID", "returnUrl", "https://shop.example/back")));
        assertEquals(WALLET + wap.getString("payOrderId"), wap.getJsonObject("retParams").getString("alipayUrl"));

        JsonObject pc = created(request("ALIPAY_PC", Map.of()));
        assertEquals(WALLET + pc.getString("payOrderId"), pc.getJsonObject("retParams").getString("alipayUrl"));

        JsonObject upi = created(request("UPI_SEQ", Map.of()));
        assertEquals(WALLET + upi.getString("payOrderId"), upi.getJsonObject("retParams").getString("unionpayUrl"));
    }

    @Test
    void theNestedRetParamsIsSignedAsItsJsonText() {
        JsonObject wap = created(request("ALIPAY_PC", Map.of()));
        Map<String, String> text = JsonText.of(wap);
        assertEquals("{\"alipayUrl\":\"" + WALLET + wap.getString("payOrderId") + "\"}", text.get("retParams"));
        text.put("retParams", "{\"alipayUrl\":\"https://evil.example/\"}");
        assertFalse(IotPaySigner.verify(text, KEY, IotPaySigner.RESPONSE_EXCLUSIONS));
    }

    @Test
    void qrChannelsAnswerTheWalletPageAsTheCodesContent() {
        JsonObject wechat = created(request("WX_NATIVE", Map.of("extra", "{\"productId\":\"SKU-1\"}")));
        assertEquals(WALLET + wechat.getString("payOrderId"), wechat.getString("codeUrl"));
        for (String channel : new String[] {"ALIPAY_QR", "UPI_QR"}) {
            JsonObject qr = created(request(channel, Map.of()));
            assertEquals(WALLET + qr.getString("payOrderId"), qr.getString("qr_code"));
        }
    }

    @Test
    void createOrderRefusesOtherChannelsAndMissingChannelParameters() {
        for (String channel : new String[] {"WX_JSAPI", "WX_MICROPAY", "ALIPAY_MICROPAY", "UPI_MICROPAY", "PAYPAL"}) {
            assertFailure("request params[channelId] error.", gateway.createOrder(request(channel, Map.of()), WALLET));
        }
        assertFailure("request params[osType] error.", gateway.createOrder(request("ALIPAY_WAP", Map.of()), WALLET));
        assertFailure("request params[osType] error.",
                gateway.createOrder(request("ALIPAY_WAP", Map.of("osType", "WINDOWS")), WALLET));
        assertFailure("request params[extra] error.", gateway.createOrder(request("WX_NATIVE", Map.of()), WALLET));
        assertFailure("request params[extra] error.",
                gateway.createOrder(request("WX_NATIVE", Map.of("extra", "{\"productId\":\"\"}")), WALLET));
        assertFailure("request params[extra] error.",
                gateway.createOrder(request("WX_NATIVE", Map.of("extra", "{\"productId\":\"" + "x".repeat(33) + "\"}")), WALLET));
        assertFailure("request params[returnUrl] error.",
                gateway.createOrder(request("ALIPAY_PC", Map.of("returnUrl", "javascript:alert(1)")), WALLET));
        assertFailure("request params[returnUrl] error.",
                gateway.createOrder(request("ALIPAY_PC", Map.of("returnUrl", "https://shop.example/" + "x".repeat(180))), WALLET));
    }

    @Test
    void payForSubmitAnswersTheWalletPageAndPutsTheOrderNumberInParam1() {
        Map<String, String> request = request("WX_JSAPI", Map.of("returnUrl", "https://shop.example/back"));
        JsonObject answer = verified(gateway.payForSubmit(request, WALLET));
        assertEquals("SUCCESS", answer.getString("resCode"));
        assertEquals(WALLET + answer.getString("payOrderId"), answer.getString("url"));
        SandboxOrder order = gateway.orderByPayOrderId(answer.getString("payOrderId")).orElseThrow();
        assertEquals(request.get("mchOrderNo"), order.request.get("param1"));
        assertEquals(1, gateway.stats().getInt("payForSubmitCalls"));
    }

    @Test
    void payForSubmitRefusesParam1AMissingReturnUrlAndOtherChannels() {
        assertFailure("request params[param1] error.", gateway.payForSubmit(
                request("WX_JSAPI", Map.of("returnUrl", "https://shop.example/back", "param1", "mine")), WALLET));
        assertFailure("request params[returnUrl] error.", gateway.payForSubmit(request("WX_JSAPI", Map.of()), WALLET));
        assertFailure("request params[channelId] error.", gateway.payForSubmit(
                request("WX_NATIVE", Map.of("returnUrl", "https://shop.example/back", "extra", "{\"productId\":\"a\"}")), WALLET));
    }

    @Test
    void theWalletPageEscapesTheSubjectAndShowsTheAmountInMajorUnits() {
        JsonObject answer = created(request("ALIPAY_QR", Map.of("subject", "<script>alert('x')</script> & \"co\"")));
        SandboxOrder order = gateway.orderByPayOrderId(answer.getString("payOrderId")).orElseThrow();
        String page = SandboxWalletPage.wallet(order, "/shop");
        assertFalse(page.contains("<script>"), page);
        assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;"), page);
        assertTrue(page.contains("12.34 CAD"), page);
        assertTrue(page.contains("IOTPay sandbox wallet"), page);
        assertTrue(page.contains("action=\"/shop/sandbox/wallet/" + order.payOrderId + "/pay\""), page);
        assertTrue(page.contains("id=\"pay\"") && page.contains("id=\"cancel\""), page);
        assertTrue(page.contains("href=\"/shop/sandbox/wallet.css\""), page);
    }

    @Test
    void amountsAreFormattedFromMinorUnitsExactly() {
        assertEquals("0.01 CAD", SandboxWalletPage.amount(1, "CAD"));
        assertEquals("0.10 USD", SandboxWalletPage.amount(10, "USD"));
        assertEquals("12.34 CNY", SandboxWalletPage.amount(1234, "CNY"));
        assertEquals("92233720368547758.07 CAD", SandboxWalletPage.amount(Long.MAX_VALUE, "CAD"));
        assertEquals("500 JPY", SandboxWalletPage.amount(500, "JPY"));
    }

    @Test
    void afterPayingTheBrowserGoesBackWithIotPaysReturnParameters() {
        JsonObject answer = created(request("ALIPAY_PC", Map.of("returnUrl", "https://shop.example/back?cart=7")));
        SandboxOrder order = gateway.orderByPayOrderId(answer.getString("payOrderId")).orElseThrow();
        assertEquals("https://shop.example/back?cart=7&mchOrderNo=" + order.mchOrderNo() + "&payOrderId=" + order.payOrderId
                + "&amount=1234&status=2&backType=1", SandboxWalletPage.returnAddress(order));
        assertTrue(SandboxWalletPage.contentSecurityPolicy(Optional.of(order)).contains("form-action 'self' https://shop.example;"));
    }

    @Test
    void theWalletBaseIsThePublicUrlOrTheRequestsOriginWithTheContextPath() {
        assertEquals("http://localhost:18280/sandbox/wallet/",
                SandboxServlet.walletBase(Optional.empty(), "http", "localhost", 18280, ""));
        assertEquals("https://pay.example/shop/sandbox/wallet/",
                SandboxServlet.walletBase(Optional.empty(), "https", "pay.example", 443, "/shop"));
        assertEquals("http://192.168.1.5:8080/sandbox/wallet/",
                SandboxServlet.walletBase(Optional.of("http://192.168.1.5:8080"), "http", "localhost", 8080, ""));
    }

    private JsonObject created(Map<String, String> request) {
        JsonObject answer = verified(gateway.createOrder(request, WALLET));
        assertEquals("SUCCESS", answer.getString("resCode"), answer.toString());
        assertEquals(request.get("mchOrderNo"), answer.getString("mchOrderNo"));
        return answer;
    }

    /** As IotPayClient checks an answer: the top-level members as JsonText makes them, payParams excluded. */
    private static JsonObject verified(SandboxGateway.Answer answer) {
        assertEquals(200, answer.status());
        JsonObject object = Json.createReader(new StringReader(answer.body())).readObject();
        assertTrue(IotPaySigner.verify(JsonText.of(object), KEY, IotPaySigner.RESPONSE_EXCLUSIONS), answer.body());
        return object;
    }

    private static void assertFailure(String message, SandboxGateway.Answer answer) {
        JsonObject object = Json.createReader(new StringReader(answer.body())).readObject();
        assertEquals("FAIL", object.getString("retCode"), answer.body());
        assertEquals(message, object.getString("retMsg"));
    }

    private static int sequence;

    private static Map<String, String> request(String channel, Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("mchId", "10000701");
        p.put("mchOrderNo", "MO" + System.nanoTime() + (sequence++));
        p.put("channelId", channel);
        p.put("currency", "CAD");
        p.put("amount", "1234");
        p.put("clientIp", "203.0.113.9");
        p.put("notifyUrl", "http://localhost:18280/api/notify");
        p.put("subject", "Tea");
        p.put("body", "One pot of tea");
        p.putAll(extra);
        p.put("sign", IotPaySigner.sign(p, KEY, Set.of()));
        return p;
    }

    private static SandboxGateway gateway() {
        SandboxGateway gateway = new SandboxGateway();
        gateway.merchant = new ConfiguredNode(Map.of("iotpay.mch-id", "10000701", "iotpay.mch-key", KEY,
                "iotpay.notify-url", "http://localhost:18280/api/notify")).iotpay;
        gateway.settings = new SandboxSettings();
        gateway.settings.config = new MapConfig(Map.of());
        return gateway;
    }
}
