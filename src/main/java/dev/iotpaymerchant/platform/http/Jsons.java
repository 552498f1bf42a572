package dev.iotpaymerchant.platform.http;

import java.io.Reader;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;

/**
 * JSON-P with its provider looked up once. {@code Jsons.object()} and its siblings look
 * the provider up through the ServiceLoader on every call, which on Payara scans the server's class
 * path: that was 55 % of {@code GET /api/orders/{no}}'s CPU in the benchmark
 * (bench/results/2026-11-27-tuning.md). Use these instead of {@code jakarta.json.Json}.
 */
public final class Jsons {

    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private Jsons() {
    }

    public static JsonObjectBuilder object() {
        return PROVIDER.createObjectBuilder();
    }

    /** A builder that starts with {@code object}'s members. */
    public static JsonObjectBuilder object(jakarta.json.JsonObject object) {
        return PROVIDER.createObjectBuilder(object);
    }

    public static JsonArrayBuilder array() {
        return PROVIDER.createArrayBuilder();
    }

    public static JsonReader reader(Reader text) {
        return PROVIDER.createReader(text);
    }

    public static JsonNumber number(long value) {
        return PROVIDER.createValue(value);
    }
}
