package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.MERCHANT_KEY;
import static dev.iotpaymerchant.it.Backend.assertAcknowledged;
import static dev.iotpaymerchant.it.Backend.assertProblem;
import static dev.iotpaymerchant.it.Backend.deliver;
import static dev.iotpaymerchant.it.Backend.dispatch;
import static dev.iotpaymerchant.it.Backend.json;
import static dev.iotpaymerchant.it.Backend.paidNotification;
import static dev.iotpaymerchant.it.Backend.pause;
import static dev.iotpaymerchant.it.Backend.send;
import static dev.iotpaymerchant.it.Backend.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.json.JsonObject;

import com.sun.net.httpserver.HttpServer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.iotpaymerchant.fulfilment.control.WebhookSignature;

/**
 * Keys as operators really hold them: the identity provider's key published as PEM at a URL (tokens
 * name a key id it cannot know), by a provider that does not answer at first; and the merchant key and
 * the webhook secret in the middle of a rotation, with the previous one still set. The overlap is
 * asserted on the exact headers and outcomes.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeysIT {

    static {
        ConsoleCapture.install();
    }

    private static final Tokens TOKENS = new Tokens(Path.of("target/it/keys-it-jwks.json"));
    private static final int RECEIVER_PORT = 18107;
    /** The merchant key being rotated out; the current one is the tests' IOTPAY_MCH_KEY. */
    private static final String PREVIOUS_MERCHANT_KEY = "PREVIOUSKEY0123456789ABCDEFGHIJK";
    /** The new webhook secret; the receiver below still verifies with the previous one, WebhookReceiver.SECRET. */
    private static final String NEW_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "the rotated-in webhook key".getBytes(StandardCharsets.US_ASCII));

    /** The identity provider's key URL: it takes connections and answers nothing until the first test lets it. */
    private static final SilentProvider PROVIDER = new SilentProvider(TOKENS.publicKeyPem());

    private static WebhookReceiver receiver;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Backend.war("api.auth=jwt\n"
                + "mp.jwt.verify.publickey.location=" + PROVIDER.url() + "\n"
                + "mp.jwt.verify.issuer=" + Tokens.ISSUER + "\n"
                + "mp.jwt.verify.audiences=" + Tokens.AUDIENCE + "\n"
                + "iotpay.mch-key-previous=" + PREVIOUS_MERCHANT_KEY + "\n"
                + "webhooks.url=" + WebhookReceiver.url(RECEIVER_PORT) + "\n"
                + "webhooks.secret=" + NEW_SECRET + "\n"
                + "webhooks.secret-previous=" + WebhookReceiver.SECRET + "\n"
                + "webhooks.timeout-ms=2000\n");
    }

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = new WebhookReceiver(RECEIVER_PORT);
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
        PROVIDER.close();
    }

    // ---- the identity provider's key URL --------------------------------------------------------

    @Test
    @Order(0)
    void whileTheProviderDoesNotAnswerTokensGet503AtOnceAndAreServedOnceItsKeysArrive() {
        String token = TOKENS.valid("early-ops", "operator");
        try {
            for (int i = 0; i < 3; i++) { // what any first request pays (JAX-RS, the filters, the token parser), not the keys
                assertProblem(get("/api/orders", TOKENS.hmacWithThePublicKey("warm-up")), 401);
            }
            long started = System.nanoTime();
            HttpResponse<String> early = get("/api/orders", token);
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            JsonObject problem = assertProblem(early, 503);
            assertEquals("urn:iotpay-merchant:problem:signing-keys-unavailable", problem.getString("type"));
            long retryAfter = Long.parseLong(early.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 30, "Retry-After " + retryAfter);
            assertTrue(tookMillis < 1000, "answered in " + tookMillis + " ms: a request must not wait for the keys (a read takes up to 5 s)");
            assertProblem(send(HttpRequest.newBuilder(URI.create(Backend.BASE + "/api/orders")).GET()), 401); // no token: as ever
        } finally {
            PROVIDER.answer(); // whatever happened above, the tests after this one need the keys
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        HttpResponse<String> served = get("/api/orders", token);
        while (served.statusCode() == 503 && System.nanoTime() < deadline) {
            pause(200); // the keys are read on the server's schedule (1, 2, 4 … s after a failed read), not on request
            served = get("/api/orders", token);
        }
        assertEquals(200, served.statusCode(), "served once the keys arrived: " + served.body());
        assertTrue(PROVIDER.requests() >= 1, "read from the provider");
    }

    // ---- the identity provider's PEM key --------------------------------------------------------

    @Test
    @Order(1)
    void aPemKeyVerifiesTokensWhateverKeyIdTheyCarry() {
        for (String kid : Arrays.asList("keycloak-2026-rsa", "it-key", null)) {
            String owner = "pem-" + kid + "-" + UUID.randomUUID();
            String token = TOKENS.withKeyId(kid, owner, "merchant"); // a shop's server: it may set the amount
            JsonObject order = create(token, 1500);
            String number = order.getString("mchOrderNo");
            assertEquals(owner, order.getString("owner"), "kid " + kid);
            assertEquals(200, get("/api/orders/" + number, token).statusCode(), "kid " + kid);
            assertEquals(List.of(number), json(get("/api/orders?limit=100", token)).getJsonArray("orders").stream()
                    .map(o -> o.asJsonObject().getString("mchOrderNo")).toList(), "kid " + kid);
            String operator = TOKENS.withKeyId(kid, "ops", "operator");
            assertEquals(200, get("/api/orders/" + number, operator).statusCode(), "operator, kid " + kid);
            assertEquals(200, get("/api/orders/" + number + "/notifications", operator).statusCode(), "operator, kid " + kid);
        }
        HttpResponse<String> forged = get("/api/orders", TOKENS.signedByAStranger("mallory"));
        assertProblem(forged, 401);
        assertEquals("Bearer error=\"invalid_token\", error_description=\"signature invalid\"",
                forged.headers().firstValue("WWW-Authenticate").orElse(""), "another key is no key of ours, whatever its kid");
    }

    // ---- the merchant key -----------------------------------------------------------------------

    @Test
    @Order(2)
    void aNotificationSignedWithThePreviousMerchantKeyIsAppliedAndCounted() {
        String operator = TOKENS.valid("ops", "operator");
        long appliedBefore = previousKeyCount("APPLIED");
        long duplicatesBefore = previousKeyCount("DUPLICATE");

        JsonObject order = create(operator, 2100);
        String number = order.getString("mchOrderNo");
        assertAcknowledged(deliver(signed(paidNotification(order), PREVIOUS_MERCHANT_KEY)));
        assertEquals("PAID", json(get("/api/orders/" + number, operator)).getString("status"));
        JsonObject logged = json(get("/api/orders/" + number + "/notifications", operator)).getJsonArray("notifications")
                .getJsonObject(0);
        assertEquals("APPLIED", logged.getString("outcome"), "applied as usual");
        assertAcknowledged(deliver(signed(paidNotification(order), PREVIOUS_MERCHANT_KEY)));
        assertCount(appliedBefore + 1, "APPLIED");
        assertCount(duplicatesBefore + 1, "DUPLICATE");

        JsonObject current = create(operator, 2200);
        assertAcknowledged(deliver(paidNotification(current))); // signed with the current key
        assertEquals("PAID", json(get("/api/orders/" + current.getString("mchOrderNo"), operator)).getString("status"));
        assertCount(appliedBefore + 1, "APPLIED");

        JsonObject forged = create(operator, 2300);
        HttpResponse<String> refused = deliver(signed(paidNotification(forged), "THIRDKEY0123456789ABCDEFGHIJKLMN"));
        assertEquals("urn:iotpay-merchant:problem:notification-signature", assertProblem(refused, 403).getString("type"));
        assertEquals("PENDING", json(get("/api/orders/" + forged.getString("mchOrderNo"), operator)).getString("status"));
        assertCount(appliedBefore + 1, "APPLIED");
        assertCount(0, "BAD_SIGNATURE");
    }

    // ---- the webhook secret ---------------------------------------------------------------------

    @Test
    @Order(3)
    void whileThePreviousWebhookSecretIsSetEveryWebhookCarriesASignaturePerSecret() {
        String operator = TOKENS.valid("ops", "operator");
        JsonObject order = create(operator, 2400);
        String number = order.getString("mchOrderNo");
        assertAcknowledged(deliver(paidNotification(order)));
        WebhookReceiver.Received hook = awaitWebhook(number);

        String[] signatures = hook.signature().split(" ");
        assertEquals(2, signatures.length, "webhook-signature: " + hook.signature());
        assertTrue(signatures[0].startsWith("v1,") && signatures[1].startsWith("v1,"), hook.signature());
        long timestamp = Long.parseLong(hook.timestamp());
        byte[] current = WebhookSignature.keyOf(NEW_SECRET);
        byte[] previous = WebhookSignature.keyOf(WebhookReceiver.SECRET);
        assertEquals(WebhookSignature.sign(current, hook.id(), timestamp, hook.body()), signatures[0], "the current secret's first");
        assertEquals(WebhookSignature.sign(previous, hook.id(), timestamp, hook.body()), signatures[1], "then the previous secret's");
        assertTrue(WebhookSignature.verify(previous, hook.id(), timestamp, hook.body(), hook.signature()),
                "a receiver still on the previous secret accepts it");
        assertTrue(WebhookSignature.verify(current, hook.id(), timestamp, hook.body(), hook.signature()),
                "a receiver already on the new secret accepts it");
        assertFalse(WebhookSignature.verify(WebhookSignature.keyOf("whsec_" + "A".repeat(32)), hook.id(), timestamp,
                hook.body(), hook.signature()));
        assertTrue(hook.verified(), "the receiver's own check");
        assertEquals(204, hook.answered());
    }

    @Test
    @Order(4)
    void noKeyOrSecretAppearsInTheLog() {
        String log = ConsoleCapture.text();
        assertTrue(log.contains("iotpay-merchant ready"), "the server log was captured");
        for (String secret : List.of(MERCHANT_KEY, PREVIOUS_MERCHANT_KEY, NEW_SECRET, WebhookReceiver.SECRET)) {
            assertFalse(log.contains(secret), "a key or secret was logged");
            assertFalse(log.contains(URLEncoder.encode(secret, StandardCharsets.UTF_8)), "a key or secret was logged");
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    /**
     * An identity provider on a loopback port of the test's: every request to its key URL is held
     * without a byte of answer until {@link #answer()}, then answered with the PEM key.
     */
    private static final class SilentProvider implements AutoCloseable {
        private final HttpServer server;
        private final CountDownLatch answering = new CountDownLatch(1);
        private final AtomicInteger requests = new AtomicInteger();

        SilentProvider(String pem) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            } catch (IOException e) {
                throw new IllegalStateException("no port for the identity provider", e);
            }
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/keys", exchange -> {
                requests.incrementAndGet();
                try (exchange) {
                    if (!answering.await(60, TimeUnit.SECONDS)) {
                        return;
                    }
                    byte[] body = pem.getBytes(StandardCharsets.US_ASCII);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException gone) {
                    // the reader gave up on this request long ago
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/keys";
        }

        void answer() {
            answering.countDown();
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() {
            answering.countDown();
            server.stop(0);
        }
    }

    private static JsonObject create(String token, long amount) {
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(Backend.BASE + "/api/orders"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString("{\"channelId\":\"WX_APP\",\"amount\":" + amount + "}")));
        assertEquals(201, created.statusCode(), created.body());
        return json(created);
    }

    private static HttpResponse<String> get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(Backend.BASE + path)).header("Authorization", "Bearer " + token).GET());
    }

    private static WebhookReceiver.Received awaitWebhook(String number) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<WebhookReceiver.Received> got = receiver.forOrder(number);
            if (!got.isEmpty()) {
                return got.get(0);
            }
            dispatch();
            pause(200);
        }
        throw new AssertionError("no webhook for " + number + " within 20 s; the receiver got " + receiver.all().size());
    }

    /** notifications_previous_key_total{outcome=…} on this node; 0 when not counted yet. */
    private static long previousKeyCount(String outcome) {
        if (Backend.ON_WILDFLY) {
            return 0; // WildFly 38 has no MicroProfile Metrics: nothing is recorded there
        }
        String metrics = Backend.get("/metrics").body();
        return metrics.lines()
                .filter(line -> line.startsWith("notifications_previous_key_total{") && line.contains("outcome=\"" + outcome + "\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static void assertCount(long expected, String outcome) {
        if (!Backend.ON_WILDFLY) {
            assertEquals(expected, previousKeyCount(outcome), "notifications_previous_key_total{outcome=\"" + outcome + "\"}");
        }
    }
}
