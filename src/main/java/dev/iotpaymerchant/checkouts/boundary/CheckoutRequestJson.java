package dev.iotpaymerchant.checkouts.boundary;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.iotpaymerchant.checkouts.control.NewCheckout;
import dev.iotpaymerchant.orders.control.MajorUnitAmount;
import dev.iotpaymerchant.orders.control.PaymentMethod;
import dev.iotpaymerchant.orders.control.PaymentMethods;
import dev.iotpaymerchant.platform.http.boundary.ProblemException;
import dev.iotpaymerchant.platform.http.boundary.StrictJson;

/** Reads the bodies of {@code POST /api/checkouts} and of its payments strictly ({@link StrictJson}). */
final class CheckoutRequestJson {

    static final Set<String> FIELDS = Set.of("amount", "currency", "subject", "body", "reference", "payer",
            "expiresInSeconds", "metadata", "param1", "param2");
    static final Set<String> PAYMENT_FIELDS = Set.of("channelId", "osType", "returnUrl", "productId");

    private CheckoutRequestJson() {
    }

    /** A checkout; {@code maxExpiry} is orders.expire-after-seconds, {@code defaultExpiry} checkouts.expire-after-seconds. */
    static NewCheckout read(String body, String defaultCurrency, String defaultBody, long maxAmount,
                            Duration defaultExpiry, Duration maxExpiry) {
        JsonObject json = StrictJson.object(body, "{\"amount\":1999,\"subject\":\"Premium\",\"reference\":\"order-42\"}");
        StrictJson.onlyKnown(json, FIELDS);
        long amount = MajorUnitAmount.checked(StrictJson.amount(json), maxAmount);
        Duration expiresIn = defaultExpiry.compareTo(maxExpiry) > 0 ? maxExpiry : defaultExpiry;
        JsonValue seconds = json.get("expiresInSeconds");
        if (seconds != null && seconds.getValueType() != JsonValue.ValueType.NULL) {
            if (!(seconds instanceof JsonNumber number) || !number.isIntegral() || number.bigIntegerValue().signum() <= 0
                    || number.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(maxExpiry.toSeconds())) > 0) {
                throw ProblemException.badRequest("'expiresInSeconds' is a whole number of seconds from 1 to "
                        + maxExpiry.toSeconds() + " (orders.expire-after-seconds).");
            }
            expiresIn = Duration.ofSeconds(number.longValueExact());
        }
        String currency = StrictJson.string(json, "currency");
        String text = StrictJson.string(json, "body");
        return new NewCheckout(amount, currency == null ? defaultCurrency : currency, StrictJson.string(json, "subject"),
                text == null ? defaultBody : text, StrictJson.string(json, "reference"), StrictJson.string(json, "payer"), expiresIn,
                metadata(json), StrictJson.string(json, "param1"), StrictJson.string(json, "param2"));
    }

    /** A payment of a checkout: its channel and what the channel needs (osType, returnUrl, productId). */
    static PaymentMethod payment(String body, PaymentMethods methods) {
        JsonObject json = StrictJson.object(body, "{\"channelId\":\"WX_NATIVE\"}");
        StrictJson.onlyKnown(json, PAYMENT_FIELDS);
        return methods.read("channelId", StrictJson.string(json, "channelId"), StrictJson.string(json, "osType"),
                StrictJson.string(json, "returnUrl"), StrictJson.string(json, "productId"));
    }


    private static Map<String, String> metadata(JsonObject json) {
        JsonValue value = json.get("metadata");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Map.of();
        }
        if (!(value instanceof JsonObject object)) {
            throw ProblemException.badRequest("'metadata' is an object of string values, e.g. {\"sku\":\"A-1\"}.");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        object.forEach((key, entry) -> {
            if (!(entry instanceof JsonString text)) {
                throw ProblemException.badRequest("Every metadata value is a string; '" + key + "' is not.");
            }
            metadata.put(key, text.getString());
        });
        return metadata;
    }



}
