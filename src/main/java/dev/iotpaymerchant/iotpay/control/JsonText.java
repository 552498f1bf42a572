package dev.iotpaymerchant.iotpay.control;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Turns IOTPay's JSON members into the text that is signed: strings as they are, numbers in
 * their JSON spelling, booleans as true/false, nested values as JSON text, null as absent.
 */
public final class JsonText {

    private JsonText() {
    }

    public static Map<String, String> of(JsonObject object) {
        Map<String, String> text = new LinkedHashMap<>();
        object.forEach((name, value) -> {
            String asText = of(value);
            if (asText != null) {
                text.put(name, asText);
            }
        });
        return text;
    }

    public static String of(JsonValue value) {
        return switch (value.getValueType()) {
            case NULL -> null;
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).toString();
            case TRUE -> "true";
            case FALSE -> "false";
            default -> value.toString();
        };
    }
}
