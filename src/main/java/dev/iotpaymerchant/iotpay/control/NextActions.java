package dev.iotpaymerchant.iotpay.control;

import static dev.iotpaymerchant.iotpay.control.AnswerFields.string;

import java.io.StringReader;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.iotpaymerchant.platform.http.Jsons;

/**
 * What the payer does next, read from the answer IOTPay gave to create an order in a channel: where
 * each channel's answer carries it (docs/iotpay-protocol.md, Channels), and which values are safe to
 * hand on. Pure: no CDI, no HTTP.
 */
final class NextActions {

    private NextActions() {
    }

    /** The channel's next action, or null when the answer does not carry a usable one. */
    static NextAction nextAction(JsonObject answer, PayChannel channel) {
        return switch (channel) {
            case WX_APP -> sdk("wechat", answer);
            case UPI_APP -> sdk("unionpay", answer);
            case ALIPAY_MOBILE -> sdk("alipay", answer);
            case ALIPAY_WAP, ALIPAY_PC -> redirect(retParam(answer, "alipayUrl"));
            // Online Secure Payment shows only an alipayUrl sample; unionpayUrl is what merchant code reads.
            case UPI_SEQ -> redirect(firstOf(retParam(answer, "unionpayUrl"), retParam(answer, "alipayUrl")));
            // payForSubmit's table says url; IOTPay's older home page calls it payUrl.
            case WX_JSAPI -> redirect(firstOf(string(answer, "url"), string(answer, "payUrl")));
            // No stored page names the QR field: merchant code reads codeUrl (WeChat) and qr_code (the others).
            case WX_NATIVE -> qr(firstOf(string(answer, "codeUrl"), string(answer, "qr_code")));
            case ALIPAY_QR, UPI_QR -> qr(firstOf(string(answer, "qr_code"), string(answer, "codeUrl")));
        };
    }

    /** The field an operator should look for when a channel's answer has no next action. */
    static String nextActionField(PayChannel channel) {
        return switch (channel) {
            case WX_APP, UPI_APP, ALIPAY_MOBILE -> "payParams";
            case ALIPAY_WAP, ALIPAY_PC -> "retParams.alipayUrl";
            case UPI_SEQ -> "retParams.unionpayUrl";
            case WX_JSAPI -> "url";
            case WX_NATIVE -> "codeUrl";
            case ALIPAY_QR, UPI_QR -> "qr_code";
        };
    }

    /** The first non-empty of the names an undocumented answer may use (docs/iotpay-protocol.md, Channels). */
    private static String firstOf(String preferred, String other) {
        return preferred != null && !preferred.isEmpty() ? preferred : other;
    }

    private static NextAction sdk(String sdk, JsonObject answer) {
        JsonValue payParams = answer.get("payParams");
        boolean empty = payParams == null || payParams.getValueType() == JsonValue.ValueType.NULL
                || (payParams instanceof JsonString text && text.getString().isBlank());
        return empty ? null : new NextAction.Sdk(sdk, payParams);
    }

    /** retParams is documented as an object; a string holding one is read the same. */
    private static String retParam(JsonObject answer, String name) {
        JsonValue retParams = answer.get("retParams");
        if (retParams instanceof JsonString text) {
            try (JsonReader reader = Jsons.reader(new StringReader(text.getString()))) {
                retParams = reader.readObject();
            }
        }
        return retParams instanceof JsonObject object ? string(object, name) : null;
    }

    /** Only web addresses are handed to a browser: never javascript: or any other scheme. */
    private static NextAction redirect(String url) {
        if (url == null || !(url.startsWith("https://") || url.startsWith("http://")) || url.length() > 2000) {
            return null;
        }
        return new NextAction.Redirect(url);
    }

    private static NextAction qr(String content) {
        return content == null || content.isBlank() || content.length() > 2000 ? null : new NextAction.Qr(content);
    }
}
