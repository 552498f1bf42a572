package dev.iotpaymerchant.notifications.boundary;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} text (a query string or a form body) the
 * standard way, refusing a name that appears twice: with two values it would be unclear which
 * one the signature covers.
 */
final class FormParameters {

    private FormParameters() {
    }

    static Map<String, String> parse(String encoded) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return parameters;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (parameters.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("the parameter '" + name + "' appears more than once");
            }
        }
        return parameters;
    }

    /** The union of query and body parameters; the same name in both must carry the same value. */
    static Map<String, String> merge(Map<String, String> query, Map<String, String> body) {
        Map<String, String> all = new LinkedHashMap<>(query);
        body.forEach((name, value) -> {
            String other = all.putIfAbsent(name, value);
            if (other != null && !other.equals(value)) {
                throw new IllegalArgumentException("the parameter '" + name
                        + "' has different values in the query string and the body");
            }
        });
        return all;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
