package dev.iotpaymerchant.checkouts.boundary;

import java.io.StringReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonConfig;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.iotpaymerchant.checkouts.control.NewCheckout;
import dev.iotpaymerchant.orders.control.MajorUnitAmount;
import dev.iotpaymerchant.platform.boundary.ProblemException;

/** Reads the bodies of {@code POST /api/checkouts} and of its payments strictly: known fields only, each of its type. */
final class CheckoutRequestJson {

    static final Set<String> FIELDS = Set.of("amount", "currency", "subject", "body", "reference", "payer",
            "expiresInSeconds", "metadata", "param1", "param2");
    static final Set<String> PAYMENT_FIELDS = Set.of("channelId", "osType");

    private static final JsonReaderFactory READERS = Json.createReaderFactory(
            Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE));

    private CheckoutRequestJson() {
    }

    /** A checkout; {@code maxExpiry} is orders.expire-after-seconds, {@code defaultExpiry} checkouts.expire-after-seconds. */
    static NewCheckout read(String body, String defaultCurrency, String defaultBody, long maxAmount,
                            Duration defaultExpiry, Duration maxExpiry) {
        JsonObject json = parse(body, "{\"amount\":1999,\"subject\":\"Premium\",\"reference\":\"order-42\"}");
        known(json, FIELDS);
        long amount = MajorUnitAmount.checked(amount(json), maxAmount);
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
        String currency = string(json, "currency");
        String text = string(json, "body");
        return new NewCheckout(amount, currency == null ? defaultCurrency : currency, string(json, "subject"),
                text == null ? defaultBody : text, string(json, "reference"), string(json, "payer"), expiresIn,
                metadata(json), string(json, "param1"), string(json, "param2"));
    }

    /** A payment of a checkout: its channel and, for the apps that need it, osType. */
    static String[] payment(String body) {
        JsonObject json = parse(body, "{\"channelId\":\"WX_APP\"}");
        known(json, PAYMENT_FIELDS);
        return new String[] {string(json, "channelId"), string(json, "osType")};
    }

    private static void known(JsonObject json, Set<String> fields) {
        for (String name : json.keySet()) {
            if (!fields.contains(name)) {
                throw ProblemException.badRequest("Unknown field '" + name + "'. The fields are "
                        + String.join(", ", new java.util.TreeSet<>(fields)) + ".");
            }
        }
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

    private static JsonObject parse(String body, String example) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("The request body must be a JSON object, e.g. " + example + ".");
        }
        try (JsonReader reader = READERS.createReader(new StringReader(body))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw ProblemException.badRequest("The request body is not a valid JSON object (or repeats a field): "
                    + "send e.g. " + example + ".");
        }
    }

    private static long amount(JsonObject json) {
        JsonValue value = json.get("amount");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            throw ProblemException.badRequest("The field 'amount' is required: integer minor units, e.g. 1999 for 19.99.");
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw ProblemException.badRequest("The field 'amount' must be a whole number of minor units "
                    + "(cents), e.g. 1999 for 19.99, not a decimal or a string.");
        }
        try {
            return number.longValueExact();
        } catch (ArithmeticException e) {
            throw ProblemException.badRequest("The field 'amount' is far too large.");
        }
    }

    private static String string(JsonObject json, String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonString text) {
            return text.getString();
        }
        throw ProblemException.badRequest("The field '" + name + "' must be a string.");
    }
}
