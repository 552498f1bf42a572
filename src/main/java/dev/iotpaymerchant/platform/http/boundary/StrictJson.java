package dev.iotpaymerchant.platform.http.boundary;

import java.io.StringReader;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.json.Json;
import jakarta.json.JsonConfig;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Reads a request body strictly, the one way every JSON API call here does: an object, no repeated
 * names, known fields only, each of its JSON type, amounts as integer minor units. Anything else is
 * a 400 problem that says what to send.
 */
public final class StrictJson {

    private static final JsonReaderFactory READERS = Json.createReaderFactory(
            Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE));

    private StrictJson() {
    }

    /** The body as an object; {@code example} shows what to send instead. */
    public static JsonObject object(String body, String example) {
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

    /** Refuses any field not in {@code fields}, naming the ones there are. */
    public static void onlyKnown(JsonObject json, Set<String> fields) {
        for (String name : json.keySet()) {
            if (!fields.contains(name)) {
                throw ProblemException.badRequest("Unknown field '" + name + "'. The fields are "
                        + String.join(", ", new TreeSet<>(fields)) + ".");
            }
        }
    }

    /** The required 'amount': a whole number of minor units. */
    public static long amount(JsonObject json) {
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

    /** An optional string field: null when absent or null. */
    public static String string(JsonObject json, String name) {
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
