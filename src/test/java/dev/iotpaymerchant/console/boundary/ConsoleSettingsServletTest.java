package dev.iotpaymerchant.console.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ConsoleSettingsServletTest {

    @Test
    void theProvidersOriginIsWhatTheContentSecurityPolicyAllows() {
        assertEquals(Optional.of("https://id.example.com"), ConsoleSettingsServlet.originOf("https://id.example.com/realms/shop"));
        assertEquals(Optional.of("http://localhost:18096"), ConsoleSettingsServlet.originOf("http://localhost:18096/default"));
    }

    @Test
    void anythingElseAddsNothingToThePolicy() {
        assertEquals(Optional.empty(), ConsoleSettingsServlet.originOf("javascript:alert(1)"));
        assertEquals(Optional.empty(), ConsoleSettingsServlet.originOf("id.example.com"));
        assertEquals(Optional.empty(), ConsoleSettingsServlet.originOf("https://id.example.com; script-src *"));
    }
}
