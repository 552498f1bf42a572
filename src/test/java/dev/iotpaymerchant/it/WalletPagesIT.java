package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.BASE;
import static dev.iotpaymerchant.it.Backend.get;
import static dev.iotpaymerchant.it.Backend.json;
import static dev.iotpaymerchant.it.Backend.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.iotpaymerchant.iotpay.control.IotPaySigner;

/**
 * The sandbox's pages for the channels of #20. Its wallet page (where a redirect or QR channel leads), its
 * stylesheet, Pay and Cancel, and payForSubmit, called as IOTPay is called (signed params), without the backend.
 * Then the demo checkout at /sandbox/demo/ in headless Chromium, paying through the backend's API: a QR code
 * paid on the wallet page seen PAID by the long-poll, and a redirect there and back. With -Dit.screenshots=true
 * the README's two screenshots (docs/images/demo-qr.png, demo-paid.png) are taken afresh.
 */
@ExtendWith(ArquillianExtension.class)
class WalletPagesIT {

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

    @Test
    void theDemoIsAStaticPageUnderAStrictPolicy() {
        HttpResponse<String> bare = get("/sandbox/demo");
        assertEquals(302, bare.statusCode());
        assertTrue(bare.headers().firstValue("Location").orElse("").endsWith("/sandbox/demo/"));
        HttpResponse<String> page = get("/sandbox/demo/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.startsWith("default-src 'none'; script-src 'self'; style-src 'self';"), policy);
        assertFalse(page.body().matches("(?s).*<script(?![^>]*\\ssrc=)[^>]*>.*"), "no inline script");
        assertFalse(page.body().contains(" style=") || page.body().contains("<style"), "no inline style");
        assertTrue(get("/sandbox/demo/demo.js").headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertTrue(get("/sandbox/demo/demo.css").headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
        assertEquals(404, get("/sandbox/demo/other.js").statusCode());
    }

    @Test
    void theDemoShowsAQrCodeThatTheWalletPagePaysAndTheLongPollTurnsPaid() {
        try (Browser shop = new Browser()) {
            shop.size(1000, 860);
            shop.open(BASE + "/sandbox/demo/");
            checkout(shop, "12.34", "WX_NATIVE");
            WebElement qr = shop.await(By.id("qr"));
            shop.waitFor(d -> Boolean.TRUE.equals(shop.script(
                    "return arguments[0].complete && arguments[0].naturalWidth > 0", qr)) ? true : null);
            assertEquals("PENDING", shop.driver.findElement(By.id("status")).getText());
            String mchOrderNo = shop.driver.findElement(By.id("mchOrderNo")).getText();
            String wallet = shop.driver.findElement(By.id("wallet-link")).getAttribute("href");
            assertTrue(wallet.startsWith(BASE + "/sandbox/wallet/"), wallet);
            screenshot(shop, "demo-qr");

            // The phone that scanned the code: another tab of the same browser
            String demoTab = shop.driver.getWindowHandle();
            shop.driver.switchTo().newWindow(WindowType.TAB);
            shop.open(wallet);
            shop.await(By.id("pay")).click();
            assertEquals("Paid", shop.await(By.id("result")).getText());
            shop.driver.close();
            shop.driver.switchTo().window(demoTab);

            // The long-poll waits 25 s: PAID well before that means the wait answered the change, not its end.
            new WebDriverWait(shop.driver, Duration.ofSeconds(10), Duration.ofMillis(100))
                    .withMessage("the demo did not show PAID within 10 s of the payment")
                    .until(d -> "PAID".equals(d.findElement(By.id("status")).getText()));
            assertEquals("Paid", shop.driver.findElement(By.id("result")).getText());
            assertFalse(qr.isDisplayed(), "no QR code once paid");
            screenshot(shop, "demo-paid");

            JsonObject order = json(get("/api/orders/" + mchOrderNo));
            assertEquals(1234, order.getInt("amount"));
            assertEquals("WX_NATIVE", order.getString("channelId"));
            assertEquals("PAID", order.getString("status"));
        }
    }

    @Test
    void theDemoGoesToTheWalletPageAndComesBackPaid() {
        try (Browser shop = new Browser()) {
            shop.size(1000, 860);
            shop.open(BASE + "/sandbox/demo/");
            checkout(shop, "1.234", "ALIPAY_PC");
            assertTrue(shop.await(By.id("error")).getText().contains("at most two decimals"));
            checkout(shop, "0", "ALIPAY_PC");
            shop.waitFor(d -> d.findElement(By.id("error")).getText().contains("more than zero") ? true : null);
            assertFalse(shop.driver.findElement(By.id("order")).isDisplayed());

            checkout(shop, "5.5", "ALIPAY_PC");
            shop.waitFor(d -> d.getCurrentUrl().startsWith(BASE + "/sandbox/wallet/") ? true : null);
            assertTrue(shop.await(By.id("channel")).getText().startsWith("ALIPAY_PC"));
            assertEquals("5.50 CAD", shop.driver.findElement(By.id("amount")).getText());
            shop.driver.findElement(By.id("pay")).click();

            shop.waitFor(d -> d.getCurrentUrl().startsWith(BASE + "/sandbox/demo/?mchOrderNo=") ? true : null);
            shop.waitFor(d -> "PAID".equals(d.findElement(By.id("status")).getText()) ? true : null);
            assertEquals("Paid", shop.driver.findElement(By.id("result")).getText());
            String mchOrderNo = shop.driver.findElement(By.id("mchOrderNo")).getText();
            assertTrue(shop.driver.getCurrentUrl().contains("mchOrderNo=" + mchOrderNo), shop.driver.getCurrentUrl());
            JsonObject order = json(get("/api/orders/" + mchOrderNo));
            assertEquals(550, order.getInt("amount"));
            assertEquals("ALIPAY_PC", order.getString("channelId"));
            assertEquals("PAID", order.getString("status"));
        }
    }

    /** Types the amount, picks the channel and clicks Pay on the demo page. */
    private static void checkout(Browser shop, String amount, String channel) {
        WebElement field = shop.await(By.id("amount"));
        field.clear();
        field.sendKeys(amount);
        new Select(shop.driver.findElement(By.id("channel"))).selectByValue(channel);
        shop.driver.findElement(By.id("pay")).click();
    }

    /** Into target/console-screenshots; with -Dit.screenshots=true also over the README's copy in docs/images. */
    private static void screenshot(Browser browser, String name) {
        browser.screenshot(name);
        if (Boolean.getBoolean("it.screenshots")) {
            try {
                Files.copy(Browser.SCREENSHOTS.resolve(name + ".png"), Path.of("docs", "images", name + ".png"),
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new IllegalStateException("could not copy the screenshot " + name + " to docs/images", e);
            }
        }
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
