package dev.iotpaymerchant.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;

/**
 * The largest valid request of each operation, built from {@code openapi.yaml} alone (issue #32): every
 * string at its maxLength, every map full, the body as near its 16 KiB as the map values allow. A string
 * without a pattern is full of what JSON escapes (quotes, backslashes, line breaks, U+0001) and of
 * four-byte UTF-8; one whose pattern forbids control characters gets the same without them; other
 * patterns get their own characters, quotes and backslashes where they allow them. Enums take their
 * longest value, integers their maximum (or default, or minimum), date-times the longest form of an
 * instant. What only the running system knows (ids, cursors, the order's amount in a notification) is
 * given as an override; the generator refuses to invent an id. Each generated value is checked against
 * its schema here, so a wrong generator fails before any request is sent.
 */
final class ContractRequests {

    static final int MAX_BODY_BYTES = 16 * 1024;
    /** The longest metadata key (the contract's description: 1 to 40 characters; OpenAPI 3.0 cannot bound keys). */
    static final int MAX_KEY = 40;
    private static final String NO_CONTROLS = "^[^\\x00-\\x1F\\x7F-\\x9F]*$";
    /** The longest form of an instant: nanoseconds and an offset with seconds. */
    static final String LONGEST_INSTANT = "9999-12-31T23:59:59.999999999+00:00:00";

    private static final OpenAPI CONTRACT = contract();
    /** The operations a request was built for. */
    private static final Set<String> BUILT = new ConcurrentSkipListSet<>();

    /** A request: method, path with its query, headers, and a body (null for none). */
    record Request(String operationId, String method, String path, Map<String, String> headers, String contentType, String body) {
    }

    private ContractRequests() {
    }

    private static OpenAPI contract() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        OpenAPI contract = new OpenAPIV3Parser().read("target/classes/META-INF/openapi.yaml", null, options);
        assertNotNull(contract, "the contract parses");
        return contract;
    }

    /** Every operationId of the contract. */
    static Set<String> operations() {
        Set<String> ids = new TreeSet<>();
        CONTRACT.getPaths().values().forEach(item -> item.readOperations().forEach(op -> ids.add(op.getOperationId())));
        return ids;
    }

    /** The operations built so far. */
    static Set<String> built() {
        return new TreeSet<>(BUILT);
    }

    /**
     * The largest request of {@code operationId}. {@code given} names values by parameter or body
     * property name (a String, or a JsonValue in a JSON body); {@code omitted} names what is left out
     * (say, the fields of another channel).
     */
    static Request largest(String operationId, Map<String, ?> given, Set<String> omitted) {
        String[] found = new String[2];
        Operation operation = find(operationId, found);
        String method = found[0];
        String path = found[1];
        Map<String, String> headers = new LinkedHashMap<>();
        StringBuilder query = new StringBuilder();
        for (Parameter parameter : parameters(path, operation)) {
            String name = parameter.getName();
            if (omitted.contains(name)) {
                continue;
            }
            Object value = given.get(name);
            String text = value != null ? value.toString() : generated(parameter);
            if (text == null) {
                continue; // an optional parameter the generator cannot invent, and none given
            }
            switch (parameter.getIn()) {
                case "path" -> path = path.replace("{" + name + "}", encode(text).replace("+", "%20"));
                case "query" -> query.append(query.length() == 0 ? '?' : '&').append(name).append('=').append(encode(text));
                case "header" -> headers.put(name, text);
                default -> throw new AssertionError("a parameter in " + parameter.getIn());
            }
        }
        assertTrue(!path.contains("{"), operationId + ": every path parameter is given: " + path);
        String contentType = null;
        String body = null;
        if (operation.getRequestBody() != null) {
            var content = operation.getRequestBody().getContent();
            contentType = content.keySet().iterator().next();
            Schema<?> schema = content.get(contentType).getSchema();
            body = "application/json".equals(contentType) ? json(schema, given, omitted) : form(schema, given, omitted);
        }
        BUILT.add(operationId);
        return new Request(operationId, method, path + query, headers, contentType, body);
    }

    static Request largest(String operationId, Map<String, ?> given) {
        return largest(operationId, given, Set.of());
    }

    private static Operation find(String operationId, String[] methodAndPath) {
        for (var entry : CONTRACT.getPaths().entrySet()) {
            for (var op : entry.getValue().readOperationsMap().entrySet()) {
                if (operationId.equals(op.getValue().getOperationId())) {
                    methodAndPath[0] = op.getKey().name();
                    methodAndPath[1] = entry.getKey();
                    return op.getValue();
                }
            }
        }
        throw new AssertionError("no operation " + operationId + " in the contract");
    }

    private static List<Parameter> parameters(String path, Operation operation) {
        List<Parameter> all = new java.util.ArrayList<>();
        var item = CONTRACT.getPaths().get(path);
        if (item.getParameters() != null) {
            all.addAll(item.getParameters());
        }
        if (operation.getParameters() != null) {
            all.addAll(operation.getParameters());
        }
        return all;
    }

    /** A parameter's largest value, or null for an id or cursor only the system can give (path ones must be given). */
    private static String generated(Parameter parameter) {
        Schema<?> schema = parameter.getSchema();
        boolean inventable = schema.getEnum() != null || schema.getPattern() != null || schema.getFormat() != null
                || !"string".equals(schema.getType());
        if (!inventable && ("path".equals(parameter.getIn()) || "query".equals(parameter.getIn()))) {
            assertTrue(!"path".equals(parameter.getIn()), "give the path parameter " + parameter.getName());
            return null;
        }
        if ("header".equals(parameter.getIn()) && schema.getPattern() == null) {
            return checked(schema, LargestTexts.visibleAscii(schema.getMaxLength(), "header")); // HTTP header values are ASCII
        }
        Object value = value(schema, 0);
        return value == null ? null : value.toString();
    }

    /** A JSON body; the richness of map values shrinks until the body fits in {@link #MAX_BODY_BYTES}. */
    private static String json(Schema<?> schema, Map<String, ?> given, Set<String> omitted) {
        String largest = null;
        for (int plain = 0; plain <= 1000; plain += 5) {
            JsonObjectBuilder body = Json.createObjectBuilder();
            for (var property : schema.getProperties().entrySet()) {
                String name = property.getKey();
                if (omitted.contains(name)) {
                    continue;
                }
                Object value = given.containsKey(name) ? given.get(name) : value(property.getValue(), plain);
                if (value instanceof JsonValue json) {
                    body.add(name, json);
                } else if (value instanceof Long number) {
                    body.add(name, number);
                } else if (value != null) {
                    body.add(name, value.toString());
                }
            }
            largest = body.build().toString();
            if (largest.getBytes(StandardCharsets.UTF_8).length <= MAX_BODY_BYTES) {
                return largest;
            }
        }
        throw new AssertionError("no body of " + schema.getProperties().keySet() + " fits in 16 KiB: " + largest.length());
    }

    private static String form(Schema<?> schema, Map<String, ?> given, Set<String> omitted) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (var property : schema.getProperties().entrySet()) {
            String name = property.getKey();
            if (!omitted.contains(name)) {
                Object value = given.containsKey(name) ? given.get(name) : value(property.getValue(), 0);
                fields.put(name, value.toString());
            }
        }
        return Json.createObjectBuilder(new LinkedHashMap<String, Object>(fields)).build().toString();
    }

    /**
     * The largest value of {@code schema}: a String, a Long or a JsonObject (a full map). In a map's
     * values the last {@code plain} characters are plain letters, so that a body can be made to fit.
     */
    static Object value(Schema<?> schema, int plain) {
        if (schema.getEnum() != null) {
            return schema.getEnum().stream().map(Object::toString).max(java.util.Comparator.comparingInt(String::length)).orElseThrow();
        }
        String type = schema.getType();
        if ("integer".equals(type)) {
            Number n = schema.getMaximum() != null ? schema.getMaximum()
                    : schema.getDefault() instanceof Number d ? d : schema.getMinimum();
            return n == null ? null : n.longValue();
        }
        if ("object".equals(type) && schema.getAdditionalProperties() instanceof Schema<?> values) {
            JsonObjectBuilder map = Json.createObjectBuilder();
            for (int i = 0; i < schema.getMaxProperties(); i++) {
                String key = String.format("%02d", i) + LargestTexts.rich(MAX_KEY - 2, false, 0);
                String value = (String) value(values, plain);
                map.add(key, value);
            }
            return map.build();
        }
        assertEquals("string", type, "the generator builds strings, integers and maps: " + schema);
        Integer max = schema.getMaxLength();
        String text;
        if ("uri".equals(schema.getFormat())) {
            return null; // only a URL on a host the backend allows is valid: given (see url), or left out
        }
        if ("date-time".equals(schema.getFormat())) {
            return LONGEST_INSTANT; // 38 characters: no instant is longer, whatever maxLength allows
        } else if (schema.getPattern() == null) {
            text = LargestTexts.rich(max, true, Math.min(plain, max));
        } else if (NO_CONTROLS.equals(schema.getPattern())) {
            text = LargestTexts.rich(max, false, 0);
        } else if (schema.getPattern().startsWith("^[\\x21-\\x7E]")) {
            text = LargestTexts.visibleAscii(max, "key");
        } else if (schema.getPattern().startsWith("^[A-Za-z0-9_-]{1,")) {
            text = (UUID.randomUUID().toString().replace("-", "_") + "-abcdefghijklmnopqrstuvwxyz0123456789").substring(0, max);
        } else {
            return null; // a pattern the generator does not know (an amount in major units): given, or left out
        }
        return checked(schema, text);
    }

    private static String checked(Schema<?> schema, String text) {
        assertEquals(schema.getMaxLength(), text.length(), "at its maxLength: " + text);
        if (schema.getPattern() != null) {
            assertTrue(Pattern.compile(schema.getPattern()).matcher(text).find(), schema.getPattern() + " matches " + text);
        }
        return text;
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The form body's fields from {@link #form}'s JSON: generated in one place, sent as a form by the caller. */
    static Map<String, String> fields(Request request) {
        Map<String, String> fields = new LinkedHashMap<>();
        JsonObject json = Json.createReader(new java.io.StringReader(request.body())).readObject();
        json.forEach((name, value) -> fields.put(name, ((jakarta.json.JsonString) value).getString()));
        return fields;
    }
}
