package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * api.auth=none behind a reverse proxy on this machine (http.trusted-proxies), as a copied quick start runs: a
 * caller on the internet gets 403 naming api.auth, a caller on the LAN and one on a network listed in
 * api.none-allow-networks are answered, IOTPay's notifications and health are as before. The caller's address is
 * the one the trusted proxy's X-Forwarded-For gives.
 */
@ExtendWith(ArquillianExtension.class)
class NoneModeNetworksIT {

    private static final String INTERNET = "203.0.113.7";
    private static final String LAN = "192.168.1.20";
    private static final String LISTED = "198.51.100.7";

    @Deployment(testable = false)
    static WebArchive deployment() {
        // both ways a connection from this machine may show up
        return Backend.war("http.trusted-proxies=127.0.0.1,0:0:0:0:0:0:0:1,::1\napi.none-allow-networks=198.51.100.0/24\n");
    }

    @Test
    void aCallerOnTheInternetIs403NamingTheSetting() {
        for (HttpResponse<String> refused : List.of(get("/api/orders", INTERNET), get("/api/console/overview", INTERNET),
                post("/api/orders", INTERNET, "{\"channelId\":\"WX_NATIVE\",\"amount\":100}"),
                post("/api/checkouts", INTERNET, "{\"amount\":100,\"subject\":\"Kettle\"}"))) {
            JsonObject problem = assertProblem(refused, 403);
            assertEquals("urn:iotpay-merchant:problem:outside-none-networks", problem.getString("type"), refused.body());
            assertTrue(problem.getString("detail").contains("api.auth=none")
                    && problem.getString("detail").contains("api.none-allow-networks"), refused.body());
            assertEquals("api.auth", problem.getString("setting"));
        }
    }

    @Test
    void aCallerOnTheLanOrOnAListedNetworkIsAnswered() {
        for (String address : List.of(LAN, LISTED, "fd00::20")) {
            HttpResponse<String> listed = get("/api/orders", address);
            assertEquals(200, listed.statusCode(), address + ": " + listed.body());
        }
        HttpResponse<String> direct = Backend.get("/api/orders");
        assertEquals(200, direct.statusCode(), "the quick start, on this machine: " + direct.body());
    }

    @Test
    void iotPaysNotificationsAndHealthStillComeFromTheInternet() {
        Map<String, String> notification = new LinkedHashMap<>();
        notification.put("mchId", Backend.MERCHANT_ID);
        notification.put("mchOrderNo", "MOneverissued000000000");
        notification.put("amount", "100");
        notification.put("currency", "CAD");
        notification.put("status", "2");
        String form = Backend.form(Backend.signed(notification, Backend.MERCHANT_KEY));
        HttpResponse<String> verified = Backend.send(HttpRequest.newBuilder(URI.create(Backend.BASE + "/api/notify?" + form))
                .header("X-Forwarded-For", INTERNET).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertProblem(verified, 404); // signed, so checked: no such order
        HttpResponse<String> ready = Backend.send(HttpRequest.newBuilder(URI.create(Backend.HEALTH + "/health/ready"))
                .header("X-Forwarded-For", INTERNET).GET());
        assertEquals(200, ready.statusCode(), ready.body());
    }

    @Test
    void theSandboxBuildSaysSoAndKeepsItsWalletToTheLan() {
        assertEquals("true", get("/api/orders", LAN).headers().firstValue("Sandbox").orElse(""));
        assertEquals("true", get("/console/", LAN).headers().firstValue("Sandbox").orElse(""));
        assertTrue(Backend.getFrom(Backend.HEALTH, "/health/ready").body().contains("this build fakes IOTPay"));
        assertProblem(post("/sandbox/wallet/Pwhatever/pay", INTERNET, ""), 403);
        assertEquals(404, post("/sandbox/wallet/Pwhatever/pay", LAN, "").statusCode(), "answered: no such order");
    }

    private static HttpResponse<String> get(String path, String forwardedFor) {
        return Backend.send(HttpRequest.newBuilder(URI.create(Backend.BASE + path)).header("X-Forwarded-For", forwardedFor).GET());
    }

    private static HttpResponse<String> post(String path, String forwardedFor, String json) {
        return Backend.send(HttpRequest.newBuilder(URI.create(Backend.BASE + path)).header("X-Forwarded-For", forwardedFor)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }
}
