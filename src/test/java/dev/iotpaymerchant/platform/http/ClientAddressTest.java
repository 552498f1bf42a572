package dev.iotpaymerchant.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void ignoresForwardedForFromAnUntrustedPeer() {
        assertEquals("198.51.100.7", ClientAddress.resolve("198.51.100.7", "203.0.113.9", Set.of("10.0.0.1")));
    }

    @Test
    void takesTheNearestUntrustedHopBehindTrustedProxies() {
        assertEquals("203.0.113.9", ClientAddress.resolve("10.0.0.1", "1.2.3.4, 203.0.113.9, 10.0.0.2",
                Set.of("10.0.0.1", "10.0.0.2")));
    }

    @Test
    void stopsAtAGarbledHop() {
        assertEquals("10.0.0.1", ClientAddress.resolve("10.0.0.1", "evil\r\nheader", Set.of("10.0.0.1")));
    }

    @Test
    void writesIpv6Short() {
        assertEquals("::1", ClientAddress.resolve("0:0:0:0:0:0:0:1", null, Set.of()));
        assertEquals("2001:db8::1", ClientAddress.resolve("2001:db8:0:0:0:0:0:1%eth0", null, Set.of()));
    }
}
