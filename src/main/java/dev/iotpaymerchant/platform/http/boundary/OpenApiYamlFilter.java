package dev.iotpaymerchant.platform.http.boundary;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Lets {@code Accept: application/yaml} (or {@code application/x-yaml}, {@code text/yaml},
 * {@code text/x-yaml}) fetch the contract from {@code /openapi} on Payara. Payara's endpoint offers
 * only {@code text/plain} (its YAML) and {@code application/json}, and answers a YAML type with 406;
 * it runs as a servlet inside the application at the root context, so this filter sees its requests
 * while this WAR is that application (under a context root of its own it is not, and Payara's 406
 * stands: docs/decisions/0016-any-context-root.md).
 * It names the YAML ranges {@code text/plain} (same quality), so Payara's own negotiation picks YAML
 * whenever the client prefers it, and labels the YAML answer with the type the client asked for.
 * WildFly serves {@code /openapi} outside the WAR and answers {@code application/yaml} itself; this
 * filter never sees those requests. See docs/decisions/0007-a-committed-openapi-contract.md.
 */
@WebFilter({"/openapi", "/openapi/*"})
public class OpenApiYamlFilter extends HttpFilter {

    static final Set<String> YAML_TYPES = Set.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml");
    private static final String ACCEPT = "Accept";
    private static final String CONTENT_TYPE = "Content-Type";
    private static final String PLAIN_TEXT = "text/plain";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String accept = accept(request);
        Optional<String> yaml = preferredYamlType(accept);
        if (yaml.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new ReplacedHeaders(request, Map.of("accept", yamlAsPlainText(accept)), Set.of()), new YamlContentType(response, yaml.get()));
    }

    /** All Accept headers as one list, or null when there is none. */
    private static String accept(HttpServletRequest request) {
        Enumeration<String> values = request.getHeaders(ACCEPT);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        return String.join(",", Collections.list(values));
    }

    /** The YAML type the client accepts with the highest quality (the first on a tie), if it accepts one. */
    static Optional<String> preferredYamlType(String accept) {
        String best = null;
        double bestQuality = 0;
        for (String range : ranges(accept)) {
            String type = typeOf(range);
            double quality = quality(range);
            if (YAML_TYPES.contains(type) && quality > bestQuality) {
                best = type;
                bestQuality = quality;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code accept} with every acceptable YAML range renamed {@code text/plain}, its parameters kept. */
    static String yamlAsPlainText(String accept) {
        List<String> out = new ArrayList<>();
        for (String range : ranges(accept)) {
            String trimmed = range.trim();
            if (YAML_TYPES.contains(typeOf(trimmed)) && quality(trimmed) > 0) {
                int parameters = trimmed.indexOf(';');
                out.add(PLAIN_TEXT + (parameters < 0 ? "" : trimmed.substring(parameters)));
            } else {
                out.add(trimmed);
            }
        }
        return String.join(", ", out);
    }

    /** Payara's YAML answer ({@code text/plain…}) relabelled as {@code yamlType…}; anything else as it is. */
    static String relabelled(String contentType, String yamlType) {
        if (contentType != null && contentType.trim().toLowerCase(Locale.ROOT).startsWith(PLAIN_TEXT)) {
            return yamlType + contentType.trim().substring(PLAIN_TEXT.length());
        }
        return contentType;
    }

    private static List<String> ranges(String accept) {
        if (accept == null || accept.isBlank()) {
            return List.of();
        }
        return List.of(accept.split(","));
    }

    private static String typeOf(String range) {
        int parameters = range.indexOf(';');
        return (parameters < 0 ? range : range.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
    }

    /** The range's q parameter (1 when absent; 0 when unreadable, so a broken range never wins). */
    private static double quality(String range) {
        String[] parts = range.split(";");
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.length() > 1 && Character.toLowerCase(parameter.charAt(0)) == 'q'
                    && parameter.substring(1).trim().startsWith("=")) {
                try {
                    double q = Double.parseDouble(parameter.substring(parameter.indexOf('=') + 1).trim());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    private static final class YamlContentType extends HttpServletResponseWrapper {

        private final String yamlType;

        YamlContentType(HttpServletResponse response, String yamlType) {
            super(response);
            this.yamlType = yamlType;
        }

        @Override
        public void setContentType(String type) {
            super.setContentType(relabelled(type, yamlType));
        }

        @Override
        public void setHeader(String name, String value) {
            super.setHeader(name, CONTENT_TYPE.equalsIgnoreCase(name) ? relabelled(value, yamlType) : value);
        }

        @Override
        public void addHeader(String name, String value) {
            super.addHeader(name, CONTENT_TYPE.equalsIgnoreCase(name) ? relabelled(value, yamlType) : value);
        }
    }
}
