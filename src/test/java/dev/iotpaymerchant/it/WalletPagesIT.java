package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.BASE;
import static dev.iotpaymerchant.it.Backend.get;
import static dev.iotpaymerchant.it.Backend.json;
import static dev.iotpaymerchant.it.Backend.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.iotpaymerchant.iotpay.control.IotPaySigner;

/**
 * The sandbox's own HTTP face for the channels of #20, called as IOTPay is called (signed params), without the
 * backend: the wallet page a redirect or QR channel leads to, its stylesheet, Pay and Cancel, and payForSubmit.
 */
@ExtendWith(ArquillianExtension.class)
class SandboxWalletIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Backend.war();
    }

    @Test
    void aQrCodeHoldsTheWalletPageWhichPaysOnce() {
        JsonObject answer = iotpay("create_order", order("ALIPAY_QR").add("subject", "<b>Tea</b>"));
        String wallet = answer.getString("qr_code");
        assertEquals(BASE + "/sandbox/wallet/" + answer.getString("payOrderId"), wallet);

        HttpResponse<String> page = get(wallet.substring(BASE.length()));
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html;charset=UTF-8"));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").startsWith("default-src 'none'"));
        assertTrue(page.body().contains("&lt;b&gt;Tea&lt;/b&gt;") && page.body().contains("12.34 CAD"), page.body());
        assertTrue(page.body().contains("id=\"pay\"") && page.body().contains("id=\"cancel\""), page.body());
        HttpResponse<String> css = get("/sandbox/wallet.css");
        assertEquals(200, css.statusCode());
        assertTrue(css.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));

        String payPath = wallet.substring(BASE.length()) + "/pay";
        HttpResponse<String> paid = post(payPath, null, "");
        assertEquals(200, paid.statusCode(), paid.body());
        assertTrue(paid.body().contains("<p id=\"result\">Paid</p>"), paid.body());
        assertEquals(2, json(get("/sandbox/orders/" + answer.getString("mchOrderNo"))).getInt("status"));
        HttpResponse<String> again = post(payPath, null, "");
        assertEquals(409, again.statusCode());
        assertTrue(again.body().contains("already paid"), again.body());
        assertEquals(404, get("/sandbox/wallet/P00nosuchorder").statusCode());
    }

    @Test
    void aRedirectChannelGoesBackToTheReturnUrlAfterPaying() {
        JsonObject answer = iotpay("create_order", order("UPI_SEQ").add("returnUrl", "https://shop.example/back"));
        String wallet = answer.getJsonObject("retParams").getString("unionpayUrl");
        HttpResponse<String> paid = post(wallet.substring(BASE.length()) + "/pay", null, "");
        assertEquals(303, paid.statusCode());
        assertEquals("https://shop.example/back?mchOrderNo=" + answer.getString("mchOrderNo") + "&payOrderId="
                + answer.getString("payOrderId") + "&amount=1234&status=2&backType=1",
                paid.headers().firstValue("Location").orElse(""));
    }

    @Test
    void payForSubmitTakesWeChatsBrowserOrdersAndTheWalletCancelsThem() {
        JsonObject refused = iotpay("payForSubmit", order("WX_JSAPI").add("returnUrl", "https://shop.example/back")
                .add("param1", "mine"));
        assertEquals("request params[param1] error.", refused.getString("retMsg"));
        JsonObject answer = iotpay("payForSubmit", order("WX_JSAPI").add("returnUrl", "https://shop.example/back"));
        assertEquals(BASE + "/sandbox/wallet/" + answer.getString("payOrderId"), answer.getString("url"));
        HttpResponse<String> cancelled = post(answer.getString("url").substring(BASE.length()) + "/cancel", null, "");
        assertTrue(cancelled.body().contains("<p id=\"result\">Cancelled</p>"), cancelled.body());
        assertEquals(4, json(get("/sandbox/orders/" + answer.getString("mchOrderNo"))).getInt("status"));
        assertFalse(post(answer.getString("url").substring(BASE.length()) + "/pay", null, "").body()
                .contains("<p id=\"result\">Paid</p>"));
    }

    private static JsonObjectBuilder order(String channel) {
        return Json.createObjectBuilder()
                .add("mchId", Backend.MERCHANT_ID)
                .add("mchOrderNo", "SW" + UUID.randomUUID().toString().replace("-", "").substring(0, 20))
                .add("channelId", channel)
                .add("currency", "CAD")
                .add("amount", 1234)
                .add("clientIp", "203.0.113.9")
                // nobody answers there: the notification only has to leave, not to land
                .add("notifyUrl", BASE + "/sandbox/nowhere")
                .add("subject", "Tea")
                .add("body", "One pot of tea");
    }

    private static JsonObject iotpay(String operation, JsonObjectBuilder builder) {
        JsonObject unsigned = builder.build();
        Map<String, String> text = new LinkedHashMap<>(dev.iotpaymerchant.iotpay.control.JsonText.of(unsigned));
        JsonObject signed = Json.createObjectBuilder(unsigned)
                .add("sign", IotPaySigner.sign(text, Backend.MERCHANT_KEY)).build();
        return json(post("/sandbox/v1/" + operation, "application/x-www-form-urlencoded",
                "params=" + URLEncoder.encode(signed.toString(), StandardCharsets.UTF_8)));
    }
}
