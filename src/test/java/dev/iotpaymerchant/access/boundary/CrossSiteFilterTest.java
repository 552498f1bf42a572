package dev.iotpaymerchant.access.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CrossSiteFilterTest {

    @Test
    void appsAndServersSendNoBrowserHeadersAndPass() {
        assertFalse(CrossSiteFilter.crossSite(null, null, "pay.example.com", null));
    }

    @Test
    void theConsolesOwnRequestsPass() {
        assertFalse(CrossSiteFilter.crossSite("same-origin", "https://pay.example.com", "pay.example.com", null));
        assertFalse(CrossSiteFilter.crossSite(null, "http://localhost:18080", "localhost:18080", null));
        assertFalse(CrossSiteFilter.crossSite("none", null, "pay.example.com", null));
    }

    @Test
    void behindAProxyTheForwardedHostCounts() {
        assertFalse(CrossSiteFilter.crossSite("same-origin", "https://pay.example.com", "10.0.0.5:8080", "pay.example.com"));
    }

    @Test
    void anotherSitesPageIsRefused() {
        assertTrue(CrossSiteFilter.crossSite("cross-site", "https://evil.example", "pay.example.com", null));
        assertTrue(CrossSiteFilter.crossSite("same-site", "https://blog.example.com", "pay.example.com", null));
        assertTrue(CrossSiteFilter.crossSite(null, "https://evil.example", "pay.example.com", null),
                "browsers without fetch metadata still send Origin");
        assertTrue(CrossSiteFilter.crossSite(null, "https://pay.example.com:8443", "pay.example.com", null), "another port");
        assertTrue(CrossSiteFilter.crossSite(null, "null", "pay.example.com", null), "an opaque origin (sandboxed frame)");
        assertTrue(CrossSiteFilter.crossSite(null, "http://[bad", "pay.example.com", null), "an origin that is not a URL");
    }
}
