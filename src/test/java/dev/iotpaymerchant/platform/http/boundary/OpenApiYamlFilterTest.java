package dev.iotpaymerchant.platform.http.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

/** How a request for YAML reaches Payara's /openapi endpoint, which only offers text/plain and JSON. */
class OpenApiYamlFilterTest {

    @Test
    void aYamlRangeIsAskedForAsPlainTextWithItsParameters() {
        assertEquals("text/plain", OpenApiYamlFilter.yamlAsPlainText("application/yaml"));
        assertEquals("text/plain", OpenApiYamlFilter.yamlAsPlainText("Application/X-YAML"));
        assertEquals("application/json;q=0.5, text/plain;q=0.9",
                OpenApiYamlFilter.yamlAsPlainText("application/json;q=0.5, application/yaml;q=0.9"));
        assertEquals("text/plain; charset=utf-8, */*;q=0.1",
                OpenApiYamlFilter.yamlAsPlainText("text/yaml; charset=utf-8,*/*;q=0.1"));
    }

    @Test
    void theAnswerIsLabelledWithTheYamlTypeTheClientPrefers() {
        assertEquals(Optional.of("application/yaml"), OpenApiYamlFilter.preferredYamlType("application/yaml"));
        assertEquals(Optional.of("application/x-yaml"),
                OpenApiYamlFilter.preferredYamlType("text/yaml;q=0.5, application/x-yaml, application/json;q=0.1"));
        assertEquals(Optional.of("text/yaml"), OpenApiYamlFilter.preferredYamlType("text/yaml, application/yaml"));
        assertEquals("application/yaml;charset=UTF-8",
                OpenApiYamlFilter.relabelled("text/plain;charset=UTF-8", "application/yaml"));
        assertEquals("application/json", OpenApiYamlFilter.relabelled("application/json", "application/yaml"));
    }

    @Test
    void requestsThatDoNotAskForYamlAreLeftAlone() {
        for (String accept : new String[] {null, "", "*/*", "application/json", "text/plain", "application/yamlish",
                "application/yaml;q=0", "application/yaml;q=x"}) {
            assertEquals(Optional.empty(), OpenApiYamlFilter.preferredYamlType(accept), accept);
        }
        assertEquals("application/json, application/yaml;q=0",
                OpenApiYamlFilter.yamlAsPlainText("application/json, application/yaml;q=0"));
    }

    @Test
    void theEndpointSeesPlainTextAndTheClientGetsYaml() throws Exception {
        Map<String, List<String>> sent = new java.util.HashMap<>();
        HttpServletResponse response = response(sent);
        List<String> seenAccept = new ArrayList<>();
        new OpenApiYamlFilter().doFilter(request("application/x-yaml"), response, (ServletRequest in, ServletResponse out) -> {
            HttpServletRequest http = (HttpServletRequest) in;
            seenAccept.add(http.getHeader("accept"));
            seenAccept.addAll(Collections.list(http.getHeaders("ACCEPT")));
            ((HttpServletResponse) out).addHeader("Content-Type", "text/plain");
            ((HttpServletResponse) out).setHeader("X-Other", "text/plain");
        });
        assertEquals(List.of("text/plain", "text/plain"), seenAccept);
        assertEquals(List.of("application/x-yaml"), sent.get("Content-Type"));
        assertEquals(List.of("text/plain"), sent.get("X-Other"));
    }

    @Test
    void otherRequestsPassUnwrapped() throws Exception {
        HttpServletRequest request = request("application/json");
        HttpServletResponse response = response(new java.util.HashMap<>());
        List<Object> passed = new ArrayList<>();
        new OpenApiYamlFilter().doFilter(request, response, (in, out) -> {
            passed.add(in);
            passed.add(out);
        });
        assertSame(request, passed.get(0));
        assertSame(response, passed.get(1));
    }

    private static HttpServletRequest request(String accept) {
        return (HttpServletRequest) Proxy.newProxyInstance(OpenApiYamlFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> "accept".equalsIgnoreCase((String) args[0]) ? accept : null;
                    case "getHeaders" -> Collections.enumeration("accept".equalsIgnoreCase((String) args[0])
                            ? List.of(accept) : List.<String>of());
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    private static HttpServletResponse response(Map<String, List<String>> headers) {
        return (HttpServletResponse) Proxy.newProxyInstance(OpenApiYamlFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setHeader" -> headers.put((String) args[0], new ArrayList<>(List.of((String) args[1])));
                        case "addHeader" -> headers.computeIfAbsent((String) args[0], name -> new ArrayList<>())
                                .add((String) args[1]);
                        case "setContentType" -> headers.put("Content-Type", new ArrayList<>(List.of((String) args[0])));
                        case "hashCode" -> {
                            return System.identityHashCode(proxy);
                        }
                        case "equals" -> {
                            return proxy == args[0];
                        }
                        default -> {
                            return null;
                        }
                    }
                    return null;
                });
    }
}
