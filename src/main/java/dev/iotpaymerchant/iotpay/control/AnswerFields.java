package dev.iotpaymerchant.iotpay.control;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import dev.iotpaymerchant.platform.http.Jsons;

/**
 * Reads the members of IOTPay's answers the way its pages leave open: text as {@link JsonText} makes
 * it, integers as JSON numbers or strings of digits, times as epoch milliseconds.
 */
final class AnswerFields {

    private AnswerFields() {
    }

    /** The member as text (numbers in their JSON spelling), or null when absent or JSON null. */
    static String string(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value == null ? null : JsonText.of(value);
    }

    /** Integers may arrive as JSON numbers or as strings of digits; anything else throws. */
    static JsonNumber integer(JsonObject object, String name) {
        JsonValue value = object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonNumber number) {
            return number;
        }
        return Jsons.number(Long.parseLong(JsonText.of(value).trim()));
    }

    /** An epoch-milliseconds time; absent, 0 or negative means no time at all. */
    static OffsetDateTime epochMillis(JsonObject object, String name) {
        JsonNumber millis = integer(object, name);
        return millis == null || millis.longValueExact() <= 0 ? null
                : OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis.longValueExact()), ZoneOffset.UTC);
    }
}
