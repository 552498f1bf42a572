package dev.iotpaymerchant.iotpay.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.iotpaymerchant.platform.http.Jsons;
import dev.iotpaymerchant.platform.settings.MapConfig;
import dev.iotpaymerchant.platform.settings.Settings;

/**
 * Every channel's create request, exactly as IOTPay receives it (channel-request-vectors.json, computed
 * apart from this code with IOTPay's signing rule), and what each channel's answer tells the payer to do.
 */
class ChannelRequestsTest {

    private static final JsonObject VECTORS = read();

    static Stream<JsonObject> vectors() {
        return VECTORS.getJsonArray("vectors").stream().map(JsonObject.class::cast);
    }

    @Test
    void everyChannelHasAVector() {
        Set<PayChannel> covered = EnumSet.noneOf(PayChannel.class);
        vectors().forEach(vector -> covered.add(PayChannel.valueOf(vector.getJsonObject("order").getString("channel"))));
        assertEquals(EnumSet.allOf(PayChannel.class), covered);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void theSignedRequestIsExactlyTheVector(JsonObject vector) {
        JsonObject order = vector.getJsonObject("order");
        JsonObject common = VECTORS.getJsonObject("order");
        PayChannel channel = PayChannel.valueOf(order.getString("channel"));
        NewGatewayOrder request = new NewGatewayOrder(order.getString("mchOrderNo"), channel,
                common.getJsonNumber("amount").longValueExact(), common.getString("currency"), common.getString("clientIp"),
                common.getString("subject"), common.getString("body"), text(order, "param1"), text(order, "param2"),
                text(order, "osType"), text(order, "returnUrl"), text(order, "productId"));

        String sent = IotPayClient.signedParams(client().createParameters(request), VECTORS.getString("key"));

        assertEquals(vector.getString("endpoint"), channel.createPath());
        assertEquals(vector.getJsonObject("params"), Jsons.reader(new StringReader(sent)).readObject());
    }

    @Test
    void eachChannelsAnswerSaysWhatThePayerDoes() {
        assertEquals(new NextAction.Sdk("wechat", Jsons.object().add("prepayid", "wx1").build()),
                next(PayChannel.WX_APP, Jsons.object().add("payParams", Jsons.object().add("prepayid", "wx1"))));
        assertEquals(new NextAction.Sdk("unionpay", Jsons.object().add("tn", "7").build()),
                next(PayChannel.UPI_APP, Jsons.object().add("payParams", Jsons.object().add("tn", "7"))));
        assertEquals("alipay", ((NextAction.Sdk) next(PayChannel.ALIPAY_MOBILE, Jsons.object().add("payParams", "app_id=1"))).sdk());
        assertEquals(new NextAction.Redirect("https://alipay.example/pay"), next(PayChannel.ALIPAY_WAP,
                Jsons.object().add("retParams", Jsons.object().add("alipayUrl", "https://alipay.example/pay"))));
        assertEquals(new NextAction.Redirect("https://alipay.example/pc"), next(PayChannel.ALIPAY_PC,
                Jsons.object().add("retParams", "{\"alipayUrl\":\"https://alipay.example/pc\"}")), "retParams as JSON text");
        assertEquals(new NextAction.Redirect("https://unionpay.example/"), next(PayChannel.UPI_SEQ,
                Jsons.object().add("retParams", Jsons.object().add("unionpayUrl", "https://unionpay.example/"))));
        assertEquals(new NextAction.Redirect("https://wx.example/h5"), next(PayChannel.WX_JSAPI,
                Jsons.object().add("url", "https://wx.example/h5")));
        assertEquals(new NextAction.Qr("weixin://wxpay/bizpayurl?pr=1"), next(PayChannel.WX_NATIVE,
                Jsons.object().add("codeUrl", "weixin://wxpay/bizpayurl?pr=1")));
        assertEquals(new NextAction.Qr("https://qr.alipay.com/x"), next(PayChannel.ALIPAY_QR,
                Jsons.object().add("qr_code", "https://qr.alipay.com/x")));
        assertEquals(new NextAction.Qr("https://qr.95516.com/y"), next(PayChannel.UPI_QR,
                Jsons.object().add("qr_code", "https://qr.95516.com/y")));
    }

    @Test
    void theOtherNamesThePagesUseForAnAnswerAreReadToo() {
        assertEquals(new NextAction.Redirect("https://wx.example/pay"), next(PayChannel.WX_JSAPI,
                Jsons.object().add("payUrl", "https://wx.example/pay")), "IOTPay's home page calls it payUrl");
        assertEquals(new NextAction.Redirect("https://unionpay.example/a"), next(PayChannel.UPI_SEQ,
                Jsons.object().add("retParams", Jsons.object().add("alipayUrl", "https://unionpay.example/a"))));
        assertEquals(new NextAction.Qr("weixin://wxpay/bizpayurl?pr=2"), next(PayChannel.WX_NATIVE,
                Jsons.object().add("qr_code", "weixin://wxpay/bizpayurl?pr=2")));
        assertEquals(new NextAction.Qr("https://qr.alipay.com/z"), next(PayChannel.ALIPAY_QR,
                Jsons.object().add("codeUrl", "https://qr.alipay.com/z")));
        assertEquals(new NextAction.Redirect("https://wx.example/first"), next(PayChannel.WX_JSAPI,
                Jsons.object().add("url", "https://wx.example/first").add("payUrl", "https://wx.example/second")),
                "the documented name wins");
    }

    @Test
    void anAcceptedAnswerWithoutWhatThePayerNeedsIsNoUsableAnswer() {
        for (PayChannel channel : PayChannel.values()) {
            CreateOutcome outcome = outcome(channel, Jsons.object().add("payOrderId", "P1"));
            assertInstanceOf(CreateOutcome.Unknown.class, outcome, channel.name());
        }
        assertInstanceOf(CreateOutcome.Unknown.class, outcome(PayChannel.WX_JSAPI,
                Jsons.object().add("url", "javascript:alert(1)")), "only web addresses go to a browser");
        assertInstanceOf(CreateOutcome.Unknown.class, outcome(PayChannel.WX_NATIVE,
                Jsons.object().add("payOrderId", "P1").add("codeUrl", "")));
        CreateOutcome.Accepted accepted = (CreateOutcome.Accepted) outcome(PayChannel.WX_JSAPI,
                Jsons.object().add("url", "https://wx.example/h5"));
        assertEquals(null, accepted.payOrderId(), "payForSubmit's answer need not name the order");
    }

    private static NextAction next(PayChannel channel, jakarta.json.JsonObjectBuilder answer) {
        CreateOutcome outcome = outcome(channel, answer.add("payOrderId", "P1"));
        assertInstanceOf(CreateOutcome.Accepted.class, outcome, channel.name());
        return ((CreateOutcome.Accepted) outcome).nextAction();
    }

    private static CreateOutcome outcome(PayChannel channel, jakarta.json.JsonObjectBuilder answer) {
        JsonObject object = answer.add("retCode", "SUCCESS").add("resCode", "SUCCESS").build();
        return IotPayOutcomes.toCreateOutcome(IotPayClient.parse(object.toString(), "KEY", null), channel);
    }

    private static IotPayClient client() {
        JsonObject merchant = VECTORS.getJsonObject("merchant");
        Map<String, String> config = new HashMap<>();
        config.put("iotpay.mch-id", merchant.getString("mchId"));
        config.put("iotpay.mch-key", VECTORS.getString("key"));
        config.put("iotpay.notify-url", merchant.getString("notifyUrl"));
        config.put("iotpay.job-no", merchant.getString("jobNo"));
        config.put("iotpay.wx-app-id", merchant.getString("wxAppId"));
        IotPayClient client = new IotPayClient();
        client.settings = new IotPaySettings(new Settings(new MapConfig(config)));
        return client;
    }

    private static String text(JsonObject object, String name) {
        return object.isNull(name) ? null : object.getString(name);
    }

    private static JsonObject read() {
        try (InputStream in = ChannelRequestsTest.class.getResourceAsStream("/channel-request-vectors.json")) {
            return Jsons.reader(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8)).readObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
