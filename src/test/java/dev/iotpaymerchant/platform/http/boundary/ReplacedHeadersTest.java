package dev.iotpaymerchant.platform.http.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

class ReplacedHeadersTest {

    /** A request that was sent with these headers (names as the client spelled them). */
    private static HttpServletRequest sent(Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(ReplacedHeadersTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase((String) args[0]))
                            .map(Map.Entry::getValue).findFirst().orElse(null);
                    case "getHeaders" -> Collections.enumeration(headers.entrySet().stream()
                            .filter(h -> h.getKey().equalsIgnoreCase((String) args[0])).map(Map.Entry::getValue).toList());
                    case "getHeaderNames" -> Collections.enumeration(headers.keySet());
                    default -> null;
                });
    }

    @Test
    void replacedHeadersHaveOneValueWhateverTheirCaseAndRemovedOnesAreGone() {
        HttpServletRequest request = new ReplacedHeaders(
                sent(Map.of("TraceParent", "00-forged", "tracestate", "x=1", "Accept", "text/html")),
                Map.of("traceparent", "00-ours"), Set.of("traceparent", "tracestate"));
        assertEquals("00-ours", request.getHeader("traceparent"));
        assertEquals("00-ours", request.getHeader("TRACEPARENT"));
        assertEquals(List.of("00-ours"), Collections.list(request.getHeaders("Traceparent")));
        assertNull(request.getHeader("tracestate"));
        assertEquals(List.of(), Collections.list(request.getHeaders("TraceState")));
        assertEquals("text/html", request.getHeader("accept"), "other headers as sent");
        assertEquals(Set.of("Accept", "traceparent"), Set.copyOf(Collections.list(request.getHeaderNames())));
    }
}
