package dev.iotpaymerchant.platform.values;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which callers api.auth=none answers by default: a laptop and a LAN, never the internet; literals only. */
class IpNetworkTest {

    @Test
    void loopbackPrivateUniqueLocalAndLinkLocalAddressesAreLocal() {
        for (String local : List.of("127.0.0.1", "127.200.1.1", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254",
                "192.168.1.20", "169.254.10.1", "::1", "[::1]", "fd12:3456:789a::1", "fc00::5", "fe80::1", "fe80::1%eth0",
                "::ffff:192.168.1.20")) {
            assertTrue(IpNetwork.anyContains(IpNetwork.LOCAL, local), local);
        }
    }

    @Test
    void publicAddressesNamesAndGarbageAreNot() {
        for (String outside : List.of("203.0.113.7", "8.8.8.8", "172.32.0.1", "172.15.255.255", "192.169.0.1", "11.0.0.1",
                "100.64.0.1", "2001:db8::1", "fec0::1", "::ffff:203.0.113.7", "localhost", "10.0.0.1.evil.example",
                "10.0.0.256", "", "unknown")) {
            assertFalse(IpNetwork.anyContains(IpNetwork.LOCAL, outside), outside);
        }
        assertFalse(IpNetwork.anyContains(IpNetwork.LOCAL, null));
    }

    @Test
    void aListedNetworkWidensIt() {
        List<IpNetwork> listed = List.of(IpNetwork.parse("203.0.113.0/24"), IpNetwork.parse("2001:db8:1::/48"),
                IpNetwork.parse("198.51.100.9"));
        assertTrue(IpNetwork.anyContains(listed, "203.0.113.7"));
        assertFalse(IpNetwork.anyContains(listed, "203.0.114.7"));
        assertTrue(IpNetwork.anyContains(listed, "2001:db8:1:ffff::1"));
        assertFalse(IpNetwork.anyContains(listed, "2001:db8:2::1"));
        assertTrue(IpNetwork.anyContains(listed, "198.51.100.9"), "an address alone is its /32");
        assertFalse(IpNetwork.anyContains(listed, "198.51.100.10"));
        assertTrue(IpNetwork.parse("0.0.0.0/0").contains("203.0.113.7"), "everything, if someone says so");
        assertTrue(IpNetwork.parse("172.16.0.0/12").contains("172.20.1.1"), "a prefix that ends inside a byte");
    }

    @Test
    void aBlockThatIsNotOneIsRefused() {
        for (String wrong : List.of("203.0.113.0/33", "2001:db8::/129", "example.com/24", "203.0.113.0/", "203.0.113/24",
                "10.0.0.0/-1", "/8")) {
            assertThrows(IllegalArgumentException.class, () -> IpNetwork.parse(wrong), wrong);
        }
    }
}
