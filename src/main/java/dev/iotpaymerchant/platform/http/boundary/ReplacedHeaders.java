package dev.iotpaymerchant.platform.http.boundary;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request as our filters show it to what follows them (JAX-RS, the server's own telemetry and
 * OpenAPI): some headers replaced by one value each, some removed, the rest as sent.
 */
final class ReplacedHeaders extends HttpServletRequestWrapper {

    private final Map<String, String> replaced;
    private final Set<String> removed;

    /** {@code replaced}: lower-case header name to its only value; {@code removed}: lower-case names. */
    ReplacedHeaders(HttpServletRequest request, Map<String, String> replaced, Set<String> removed) {
        super(request);
        this.replaced = Map.copyOf(replaced);
        this.removed = Set.copyOf(removed);
    }

    @Override
    public String getHeader(String name) {
        String key = key(name);
        if (replaced.containsKey(key)) {
            return replaced.get(key);
        }
        return removed.contains(key) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        String key = key(name);
        if (replaced.containsKey(key)) {
            return Collections.enumeration(List.of(replaced.get(key)));
        }
        return removed.contains(key) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        for (String name : Collections.list(super.getHeaderNames())) {
            if (!replaced.containsKey(key(name)) && !removed.contains(key(name))) {
                names.add(name);
            }
        }
        names.addAll(replaced.keySet());
        return Collections.enumeration(names);
    }

    private static String key(String name) {
        return name == null ? "" : name.toLowerCase(Locale.ROOT);
    }
}
