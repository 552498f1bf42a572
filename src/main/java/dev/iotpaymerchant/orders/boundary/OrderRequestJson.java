package dev.iotpaymerchant.orders.boundary;

import java.io.StringReader;
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

import dev.iotpaymerchant.orders.control.MajorUnitAmount;
import dev.iotpaymerchant.orders.control.NewOrder;
import dev.iotpaymerchant.iotpay.control.PayChannel;
import dev.iotpaymerchant.platform.boundary.ProblemException;

/**
 * Reads the body of {@code POST /api/orders} strictly: known fields only, each of its JSON type,
 * no duplicated names, amount as integer minor units.
 */
final class OrderRequestJson {

    static final Set<String> FIELDS = Set.of("channelId", "amount", "currency", "subject", "body", "param1",
            "param2", "osType");

    private static final JsonReaderFactory READERS = Json.createReaderFactory(
            Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE));

    private OrderRequestJson() {
    }

    static NewOrder read(String body, String defaultCurrency, String defaultSubject, String defaultBody,
                         long maxAmount, String clientIp) {
        JsonObject json = parse(body);
        for (String name : json.keySet()) {
            if (!FIELDS.contains(name)) {
                throw ProblemException.badRequest("Unknown field '" + name + "'. The fields are channelId, amount, "
                        + "currency, subject, body, param1, param2 and osType.");
            }
        }
        PayChannel channel = NewOrder.channel("channelId", string(json, "channelId"));
        long amount = MajorUnitAmount.checked(amount(json), maxAmount);
        String currency = orDefault(string(json, "currency"), defaultCurrency);
        return new NewOrder(channel, amount, currency,
                orDefault(string(json, "subject"), defaultSubject),
                orDefault(string(json, "body"), defaultBody),
                string(json, "param1"), string(json, "param2"), string(json, "osType"), clientIp);
    }

    private static JsonObject parse(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("The request body must be a JSON object, e.g. "
                    + "{\"channelId\":\"WX_APP\",\"amount\":1999}.");
        }
        try (JsonReader reader = READERS.createReader(new StringReader(body))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw ProblemException.badRequest("The request body is not a valid JSON object (or repeats a field): "
                    + "send e.g. {\"channelId\":\"WX_APP\",\"amount\":1999}.");
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

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
