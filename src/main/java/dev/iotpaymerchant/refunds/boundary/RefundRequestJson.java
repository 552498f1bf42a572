package dev.iotpaymerchant.refunds.boundary;

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

import dev.iotpaymerchant.platform.http.boundary.ProblemException;

/** {@code {"amount": <minor units ≥ 1>, "reason": "<≤ 64 characters, optional>"}}, read strictly. */
public record RefundRequestJson(long amount, String reason) {

    private static final Set<String> FIELDS = Set.of("amount", "reason");
    private static final JsonReaderFactory READERS = Json.createReaderFactory(
            Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE));

    public static RefundRequestJson read(String body) {
        JsonObject json;
        try (JsonReader reader = READERS.createReader(new StringReader(body == null ? "" : body))) {
            json = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw ProblemException.badRequest("The request body must be a JSON object such as {\"amount\":500,\"reason\":\"damaged\"}.");
        }
        for (String name : json.keySet()) {
            if (!FIELDS.contains(name)) {
                throw ProblemException.badRequest("Unknown field '" + name + "'. The fields are amount and reason.");
            }
        }
        JsonValue amount = json.get("amount");
        if (!(amount instanceof JsonNumber number) || !number.isIntegral()) {
            throw ProblemException.badRequest("The field 'amount' is required: a whole number of minor units (cents), at least 1.");
        }
        long minorUnits;
        try {
            minorUnits = number.longValueExact();
        } catch (ArithmeticException e) {
            throw ProblemException.badRequest("The field 'amount' is far too large.");
        }
        if (minorUnits < 1) {
            throw ProblemException.badRequest("The field 'amount' must be at least 1 (minor units).");
        }
        JsonValue reason = json.get("reason");
        String text = null;
        if (reason != null && reason.getValueType() != JsonValue.ValueType.NULL) {
            if (!(reason instanceof JsonString string)) {
                throw ProblemException.badRequest("The field 'reason' must be a string.");
            }
            text = string.getString();
            if (text.length() > 64 || text.chars().anyMatch(Character::isISOControl)) {
                throw ProblemException.badRequest("The field 'reason' is limited to 64 characters, without line breaks.");
            }
        }
        return new RefundRequestJson(minorUnits, text);
    }

    /** The meaning of the request, for the Idempotency-Key: the same order, amount and reason. */
    public String meaning(String mchOrderNo) {
        return "refund\u0000" + mchOrderNo + "\u0000" + amount + "\u0000" + reason;
    }
}
