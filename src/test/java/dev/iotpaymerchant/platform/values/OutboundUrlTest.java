package dev.iotpaymerchant.platform.values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Every URL this node calls is https, or http to the machine itself, unless a lab says otherwise. */
class OutboundUrlTest {

    @Test
    void httpsAnywhereAndHttpToLoopbackAreFine() {
        for (String fine : List.of("https://api.iotpaycloud.com/v1", "HTTPS://hooks.example.com/iotpay", "http://localhost:8080/sandbox/v1",
                "http://127.0.0.1:18080/hooks", "http://127.9.9.9/x", "http://[::1]:8080/x")) {
            assertEquals(Optional.empty(), OutboundUrl.problem(fine, false), fine);
        }
    }

    @Test
    void httpElsewhereIsRefusedUnlessALabAllowsIt() {
        for (String plain : List.of("http://hooks.example.com/iotpay", "http://api.iotpaycloud.com/v1", "http://192.168.1.5/hooks",
                "http://localhost.evil.example/x", "http://127.0.0.1.evil.example/x", "http://[::2]/x")) {
            Optional<String> problem = OutboundUrl.problem(plain, false);
            assertTrue(problem.isPresent() && problem.get().contains("http.allow-insecure-outbound"), plain + ": " + problem);
            assertEquals(Optional.empty(), OutboundUrl.problem(plain, true), plain);
        }
    }

    @Test
    void whatIsNoHttpUrlIsRefusedEvenInALab() {
        for (String wrong : List.of("ftp://hooks.example.com/x", "hooks.example.com/x", "http:///x", "http://[bad")) {
            assertTrue(OutboundUrl.problem(wrong, true).isPresent(), wrong);
        }
    }
}
