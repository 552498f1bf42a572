package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.getFrom;
import static dev.iotpaymerchant.it.Backend.postTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Settings a deployment gets wrong, each on a node of its own started with them (Payara Micro, its own embedded
 * H2, ports 18261-18264): the sandbox build given a real-looking merchant key and no IOTPAY_API_URL, plain
 * http:// to IOTPay and to the webhook, refused unless a lab says so, and the quick start (no settings at all)
 * probed for readiness while it deploys. The test deployment is a sandbox build
 * (the sandbox's classes come with it), as the quick-start WAR is.
 */
class DeploymentMistakesIT {

    /** A key of the form IOTPay's have: not one the sandbox issued. */
    private static final String REAL_LOOKING_KEY = "7D3F0A9C51B24E8F9A6C0D1E2F3A4B5C";
    private static final List<String> H2 = List.of("--postbootcommandfile",
            new File("server-config/payara-micro/embedded-h2.asadmin").getAbsolutePath());

    private static Path war;

    @BeforeAll
    static void exportWar() throws Exception {
        war = PayaraNode.export(Backend.war(), "deployment-mistakes");
    }

    @Test
    void theSandboxBuildWithAnotherKeyAndIotPaysRealUrlRefusesToWorkNamingBothInOneLine() throws Exception {
        Map<String, String> env = environment(18261);
        env.put("IOTPAY_MCH_KEY", REAL_LOOKING_KEY);
        env.remove("IOTPAY_API_URL"); // the default: IOTPay's real API
        try (PayaraNode node = new PayaraNode("sandbox-with-a-real-key", war, 18261, env, H2)) {
            PayaraNode.startFresh(node);
            HttpResponse<String> ready = getFrom(node.base(), "/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("this build fakes IOTPay"), ready.body());
            assertTrue(ready.body().contains("iotpay.mch-key") && ready.body().contains("iotpay.api-url"), ready.body());
            for (HttpResponse<String> refused : List.of(
                    postTo(node.base(), "/api/orders", "application/json", "{\"channelId\":\"WX_APP\",\"amount\":100}"),
                    getFrom(node.base(), "/api/orders"),
                    postTo(node.base(), "/sandbox/wallet/Pwhatever/pay", null, ""),
                    postTo(node.base(), "/sandbox/v1/create_order", "application/x-www-form-urlencoded", "params=%7B%7D"))) {
                assertEquals(503, refused.statusCode(), refused.body());
                assertTrue(refused.body().contains("IOTPAY_MCH_KEY") && refused.body().contains("IOTPAY_API_URL"), refused.body());
                assertEquals("true", refused.headers().firstValue("Sandbox").orElse(""), "the build says what it is");
            }
            String log = Files.readString(node.log());
            assertTrue(log.lines().anyMatch(line -> line.contains("This is the sandbox build") && line.contains("iotpay.mch-key")
                    && line.contains("iotpay.api-url")), "one line names both settings");
            assertFalse(log.contains(REAL_LOOKING_KEY), "never the key");
        }
    }

    @Test
    void plainHttpToIotPayAndToTheWebhookIsAnUnusableSettingAndNothingGoesOut() throws Exception {
        try (PayaraNode node = new PayaraNode("plain-http", war, 18262, insecure(18262), H2)) {
            PayaraNode.startFresh(node);
            HttpResponse<String> ready = getFrom(node.base(), "/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("iotpay.api-url,webhooks.url"), ready.body());
            HttpResponse<String> refused = postTo(node.base(), "/api/orders", "application/json",
                    "{\"channelId\":\"WX_APP\",\"amount\":100}");
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("IOTPAY_API_URL") && refused.body().contains("https://"), refused.body());
            HttpResponse<String> dispatched = postTo(node.base(), "/it-support/control/dispatch", null, "");
            assertEquals("{\"attempted\":0}", dispatched.body(), "no delivery is claimed");
            awaitLogged(node, "until these settings are fixed: iotpay.api-url, webhooks.url"); // the work gate is closed
        }
    }

    @Test
    void aLabMayAllowPlainHttpAndTheNodeWarnsAtStart() throws Exception {
        Map<String, String> env = insecure(18263);
        env.put("HTTP_ALLOW_INSECURE_OUTBOUND", "true");
        try (PayaraNode node = new PayaraNode("plain-http-lab", war, 18263, env, H2)) {
            PayaraNode.startFresh(node);
            HttpResponse<String> ready = getFrom(node.base(), "/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(Files.readString(node.log()).contains("http.allow-insecure-outbound=true: IOTPay's URL and the webhook may be plain http"),
                    "warned at start");
        }
    }

    /**
     * Waits for a line the node logged while answering: the node's output reaches its log file through a
     * thread of PayaraNode's, a moment after the answer. Fails, naming the line, if it never comes.
     */
    private static void awaitLogged(PayaraNode node, String text) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (Files.readString(node.log()).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not logged within 30 s: " + text + " (see " + node.log() + ")");
    }

    @Test
    void theQuickStartWithNoSettingsUsesTheSandboxsDefaultsEvenWhenReadinessIsProbedWhileItDeploys() throws Exception {
        // The quick-start WAR: the sandbox's defaults as a config source of the WAR's own.
        Path quickStart = PayaraNode.export(Backend.war().addAsResource(
                new File("target/test-classes/META-INF/services/org.eclipse.microprofile.config.spi.ConfigSource"),
                "META-INF/services/org.eclipse.microprofile.config.spi.ConfigSource"), "quick-start");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(name -> name.matches("(IOTPAY|API|SANDBOX|ORDERS|WEBHOOKS|HTTP)_.*"));
        try (PayaraNode node = new PayaraNode("quick-start", quickStart, 18264, env, H2)) {
            // A readiness probe from the first moment, as an orchestrator's or a new user's: the first caller
            // of the settings used to be this probe, which left them reading the server's configuration only.
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
            AtomicInteger probes = new AtomicInteger();
            Thread prober = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        client.send(HttpRequest.newBuilder(URI.create(node.base() + "/health/ready")).build(),
                                HttpResponse.BodyHandlers.discarding());
                        probes.incrementAndGet();
                        Thread.sleep(50);
                    } catch (IOException notYet) {
                        // not listening yet
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            });
            prober.setDaemon(true);
            prober.start();
            PayaraNode.startFresh(node);
            prober.interrupt();
            assertTrue(probes.get() > 0, "readiness was probed while the WAR deployed");
            HttpResponse<String> ready = getFrom(node.base(), "/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"missingSettings\":\"\""), ready.body());
            // The defaults' api.auth=none answers this machine (they name port 8080 for IOTPay: not paid here).
            HttpResponse<String> orders = getFrom(node.base(), "/api/orders");
            assertEquals(200, orders.statusCode(), orders.body());
            assertEquals("true", orders.headers().firstValue("Sandbox").orElse(""));
        }
    }

    /** IOTPay and the webhook over plain http to other hosts (a sandbox-shaped path, so only the scheme is wrong). */
    private static Map<String, String> insecure(int port) {
        Map<String, String> env = environment(port);
        env.put("IOTPAY_API_URL", "http://iotpay.example.test/sandbox/v1");
        env.put("WEBHOOKS_URL", "http://hooks.example.test/iotpay");
        env.put("WEBHOOKS_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        return env;
    }

    private static Map<String, String> environment(int port) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("IOTPAY_API_URL", "http://localhost:" + port + "/sandbox/v1");
        env.put("IOTPAY_NOTIFY_URL", "http://localhost:" + port + "/api/notify");
        return env;
    }
}
