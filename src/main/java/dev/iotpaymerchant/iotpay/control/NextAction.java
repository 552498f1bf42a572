package dev.iotpaymerchant.iotpay.control;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import dev.iotpaymerchant.platform.http.Jsons;

/**
 * What the app or page does next to pay an order IOTPay accepted, read from IOTPay's answer: hand
 * data to a wallet SDK, send the payer's browser to a page, or show a QR code.
 */
public sealed interface NextAction {

    /** The JSON the API answers, without the QR image's address (which only the API knows). */
    JsonObject toJson();

    /** A wallet SDK in the app: {@code sdk} is wechat, unionpay or alipay; payParams as IOTPay gave them. */
    record Sdk(String sdk, JsonValue payParams) implements NextAction {
        @Override
        public JsonObject toJson() {
            return Jsons.object().add("type", "sdk").add("sdk", sdk).add("payParams", payParams).build();
        }
    }

    /** The payer's browser goes to {@code url} (IOTPay's or the wallet's page). */
    record Redirect(String url) implements NextAction {
        @Override
        public JsonObject toJson() {
            return Jsons.object().add("type", "redirect").add("url", url).build();
        }
    }

    /** A QR code whose {@code content} the payer scans with the wallet. */
    record Qr(String content) implements NextAction {
        @Override
        public JsonObject toJson() {
            return Jsons.object().add("type", "qr").add("content", content).build();
        }
    }

    /** The stored JSON read back; null for text that is not a next action. */
    static NextAction fromJson(JsonObject json) {
        return switch (json.getString("type", "")) {
            case "sdk" -> new Sdk(json.getString("sdk"), json.get("payParams"));
            case "redirect" -> new Redirect(json.getString("url"));
            case "qr" -> new Qr(json.getString("content"));
            default -> null;
        };
    }
}
