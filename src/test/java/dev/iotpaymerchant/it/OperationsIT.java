package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.MERCHANT_KEY;
import static dev.iotpaymerchant.it.Backend.assertAcknowledged;
import static dev.iotpaymerchant.it.Backend.assertProblem;
import static dev.iotpaymerchant.it.Backend.createOrder;
import static dev.iotpaymerchant.it.Backend.deliver;
import static dev.iotpaymerchant.it.Backend.fault;
import static dev.iotpaymerchant.it.Backend.form;
import static dev.iotpaymerchant.it.Backend.gatewayOrder;
import static dev.iotpaymerchant.it.Backend.get;
import static dev.iotpaymerchant.it.Backend.json;
import static dev.iotpaymerchant.it.Backend.paidNotification;
import static dev.iotpaymerchant.it.Backend.postJson;
import static dev.iotpaymerchant.it.Backend.send;
import static dev.iotpaymerchant.it.Backend.signed;
import static dev.iotpaymerchant.it.ChannelRequests.channelRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.GenericArchive;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ExplodedImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What operators rely on, over HTTP on Payara Micro: health, the served contract, the metrics under the same
 * names on every server, a caller's trace followed into IOTPay's requests, the log and problems, a datasource of
 * our own beside a neighbour application that keeps the server's default, and the open console of
 * {@code api.auth=none}. Every test makes its own orders; the metrics test, last, makes one of each outcome it
 * reads first, so that this class proves them alone.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {

    static {
        ConsoleCapture.install();
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Backend.war();
    }

    /**
     * Another application, on the server's default datasource (src/test/resources/neighbour). WildFly gets it
     * from {@link #anotherApplicationOnTheServerKeepsTheServersDefaultDatasource}; Payara Micro, where each
     * Arquillian deployment is a server of its own, from the pom ({@code it.neighbour}: {@code --deploy} beside
     * the backend).
     */
    @Deployment(name = "neighbour", managed = false, testable = false)
    static WebArchive neighbour() {
        return ShrinkWrap.create(WebArchive.class, "neighbour.war").merge(ShrinkWrap.create(ExplodedImporter.class)
                .importDirectory("target/test-classes/neighbour").as(GenericArchive.class));
    }

    @ArquillianResource
    Deployer deployer;

    // ---- operations: health, metrics, API documentation ---------------------------------------

    @Test
    void isLiveAndReadyWithItsDatabaseAndSettings() {
        HttpResponse<String> ready = Backend.getFrom(Backend.HEALTH, "/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"reachable\""), ready.body());
        assertFalse(ready.body().contains(MERCHANT_KEY));
        assertEquals(200, Backend.getFrom(Backend.HEALTH, "/health/live").statusCode());
    }

    @Test
    void theOpenApiDocumentListsTheWholeContract() {
        HttpResponse<String> openapi = get("/openapi");
        assertEquals(200, openapi.statusCode());
        for (String path : List.of("/api/pay:", "/api/orders:", "/api/orders/{mchOrderNo}:", "/api/notify:")) {
            assertTrue(openapi.body().contains(path), path + " in\n" + openapi.body());
        }
        assertTrue(openapi.body().contains("application/problem+json"));
        assertTrue(openapi.body().contains("Idempotency-Key"));
        assertFalse(openapi.body().contains("/sandbox"), "the sandbox is not part of the contract");
    }

    @Test
    @Order(Integer.MAX_VALUE - 1)
    void theMetricsShowPaymentsNotificationsAndIotPayCallsUnderTheSameNamesOnEveryServer() {
        oneOfEachOutcomeTheMetricsCount();
        JsonObject order = createOrder(999);
        assertAcknowledged(deliver(paidNotification(order)));
        // Payara: MicroProfile Metrics at /metrics; WildFly: Micrometer's registry on the management port.
        String metrics = Backend.ON_WILDFLY ? Backend.getFrom(Backend.HEALTH, "/prometheus").body() : get("/metrics").body();
        assertCounted(metrics, "orders_total", "channel=\"WX_APP\"");
        assertCounted(metrics, "orders_paid_total");
        assertCounted(metrics, "orders_final_status_total", "status=\"PAID\"");
        assertCounted(metrics, "orders_final_status_total", "status=\"FAILED\"");
        assertCounted(metrics, "notifications_total", "outcome=\"APPLIED\"");
        assertCounted(metrics, "notifications_total", "outcome=\"BAD_SIGNATURE\"");
        assertCounted(metrics, "iotpay_calls_seconds_count", "operation=\"create_order\"", "outcome=\"accepted\"");
        assertCounted(metrics, "iotpay_calls_seconds_count", "operation=\"create_order\"", "outcome=\"unknown\"");
        assertCounted(metrics, "iotpay_calls_seconds_count", "operation=\"payForSubmit\"", "outcome=\"accepted\"");
        assertCounted(metrics, "orders_total", "channel=\"WX_NATIVE\"");
        assertTrue(metrics.lines().filter(line -> line.startsWith("iotpay_calls_seconds_max{"))
                .allMatch(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) < 60),
                "the slowest call is in seconds, not nanoseconds:\n" + metrics);
    }

    // ---- traces ------------------------------------------------------------------------------

    /** A traceparent as a caller would send it, in a trace of its own. */
    private static String[] newTraceparent() {
        String traceId = java.util.HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(16)
                .putLong(System.nanoTime()).putLong(Double.doubleToLongBits(Math.random())).array());
        return new String[] {traceId, "00-" + traceId + "-00f067aa0ba902b7-01"};
    }

    @Test
    void aCallersTraceIsFollowedIntoIotPaysRequestItsLogLinesAndItsProblems() {
        String[] trace = newTraceparent();
        String number = createInTrace(trace);
        String atIotPay = gatewayOrder(number).getString("traceparent");
        assertTrue(atIotPay.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"), atIotPay);
        assertEquals(trace[0], atIotPay.split("-")[1], "IOTPay's request is in the caller's trace");
        assertFalse(atIotPay.split("-")[2].equals("00f067aa0ba902b7"), "as a span of ours, not the caller's");
        assertFalse(ConsoleCapture.awaitLines(line -> line.contains("IOTPay create_order " + number)
                && line.contains("traceId=" + trace[0]) && line.contains("orderNo=" + number), Duration.ofSeconds(10)).isEmpty(),
                "the log line for the call names the trace and the order");

        HttpResponse<String> refused = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(Backend.BASE + "/api/orders"))
                .header("Content-Type", "application/json").header("traceparent", trace[1])
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"channelId\":\"WX_APP\",\"amount\":-1}")));
        assertEquals(trace[0], assertProblem(refused, 400).getString("traceId"), "the problem names the caller's trace");
    }

    /**
     * A long-poll is suspended on the server thread that took it and answered from another. WildFly's telemetry
     * left the poll's span current on the first thread, and the next request that thread served passed the poll's
     * trace on to IOTPay (seen when this test ran after the long-poll tests). So polls are held on several threads
     * (orders.max-waiting is 3 here) before each traced request, a few times over, and each request is checked.
     */
    @Test
    void aCallersTraceIsFollowedIntoIotPaysRequestOnThreadsThatServedLongPollsBefore() throws Exception {
        String waiting = json(postJson("/api/orders", channelRequest("WX_NATIVE", 300))).getString("mchOrderNo");
        ExecutorService pollers = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 5; round++) {
                List<Future<HttpResponse<String>>> polls = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    polls.add(pollers.submit(() -> get("/api/orders/" + waiting + "?wait=1&known=PENDING")));
                }
                for (Future<HttpResponse<String>> poll : polls) {
                    assertEquals(200, poll.get().statusCode(), "a long-poll, answered at the end of its wait");
                }
                String[] trace = newTraceparent();
                String number = createInTrace(trace);
                assertEquals(trace[0], gatewayOrder(number).getString("traceparent").split("-")[1],
                        "after long-polls (round " + round + "), IOTPay's request is still in the caller's trace");
            }
        } finally {
            pollers.shutdownNow();
        }
    }

    /** Creates an order in the caller's {@code trace}; its number. */
    private static String createInTrace(String[] trace) {
        HttpResponse<String> created = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(Backend.BASE + "/api/orders"))
                .header("Content-Type", "application/json").header("traceparent", trace[1])
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"channelId\":\"WX_APP\",\"amount\":777}")));
        assertEquals(201, created.statusCode(), created.body());
        return json(created).getString("mchOrderNo");
    }

    @Test
    void withoutATraceparentEachRequestAndEachProblemHasATraceOfItsOwn() {
        String first = assertProblem(get("/api/orders/NO-SUCH-ORDER"), 404).getString("traceId");
        String second = assertProblem(get("/api/orders/NO-SUCH-ORDER"), 404).getString("traceId");
        assertFalse(first.equals(second), "two requests, two traces");
        HttpResponse<String> malformed = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(Backend.BASE + "/api/orders/NO-SUCH-ORDER"))
                .header("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01").GET());
        assertFalse(assertProblem(malformed, 404).getString("traceId").startsWith("0000"), "an invalid traceparent starts a new trace");
    }

    @Test
    void aNotificationStartsItsOwnTraceWhateverHeaderItCarries() {
        JsonObject order = createOrder(3300);
        String number = order.getString("mchOrderNo");
        String[] forged = newTraceparent();
        String form = form(paidNotification(order));
        HttpResponse<String> answer = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(Backend.BASE + "/api/notify"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("traceparent", forged[1])
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)));
        assertAcknowledged(answer);
        List<String> lines = ConsoleCapture.awaitLines(line -> line.contains("orderNo=" + number)
                && line.contains("IOTPay notification for "), Duration.ofSeconds(10));
        assertFalse(lines.isEmpty(), "the notification's log line names the order");
        assertTrue(lines.stream().allMatch(line -> line.matches(".*traceId=[0-9a-f]{32}.*") && !line.contains(forged[0])),
                "and a trace of its own: " + lines);
    }

    // ---- a datasource of its own -------------------------------------------------------------

    @Test
    void anotherApplicationOnTheServerKeepsTheServersDefaultDatasource() {
        JsonObject ours = json(get("/it-support/control/datasource"));
        assertTrue(ours.getBoolean("paymentOrderTable"), ours.toString());
        if (Backend.ON_WILDFLY) {
            deployer.deploy("neighbour");
        }
        try {
            HttpResponse<String> answer = get("/neighbour/");
            assertEquals(200, answer.statusCode(), answer.body());
            JsonObject neighbours = json(answer);
            // The server's stock default datasource: WildFly's ExampleDS, Payara's embedded H2 (jdbc/__default).
            String stockDefault = Backend.ON_WILDFLY ? "jdbc:h2:mem:test" : "/lib/databases/embedded_default";
            assertTrue(neighbours.getString("url").contains(stockDefault), neighbours + " is not the server's own default");
            assertEquals("H2", neighbours.getString("product"));
            assertFalse(neighbours.getBoolean("paymentOrderTable"), "our tables are in the neighbour's database: " + neighbours);
            assertFalse(neighbours.getString("url").equals(ours.getString("url")), ours + " is the server's default");
        } finally {
            if (Backend.ON_WILDFLY) {
                deployer.undeploy("neighbour");
            }
        }
    }

    @Test
    void theConsoleIsOpenWithABannerWhenApiAuthIsNone() {
        HttpResponse<String> page = get("/console/");
        assertEquals(200, page.statusCode());
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), policy);
        assertTrue(policy.contains("frame-ancestors 'none'"), policy);
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("{\"authMode\":\"none\"}", get("/console/settings").body());
        try (Browser browser = new Browser()) {
            browser.open(Backend.BASE + "/console/");
            String shown = browser.awaitText("Open console");
            assertTrue(shown.contains("api.auth=none"), shown);
            assertTrue(shown.contains("This build fakes IOTPay"), "the test deployment is a sandbox build: " + shown);
            browser.await(org.openqa.selenium.By.id("queue-card"));
            browser.screenshot("overview-api-auth-none");
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    /**
     * One of each outcome the metrics test counts, beside the payment it makes itself: an order IOTPay refused
     * (FAILED), a create_order with no usable answer, a WX_JSAPI order (payForSubmit), a WX_NATIVE order and a
     * notification with a bad signature. Made here, so that the metrics test proves what it reads whichever other
     * tests ran on this server before it.
     */
    private static void oneOfEachOutcomeTheMetricsCount() {
        fault("create_order", "REJECT");
        assertProblem(postJson("/api/orders", "{\"channelId\":\"WX_APP\",\"amount\":100}"), 502);
        fault("create_order", "HTTP_500");
        assertProblem(postJson("/api/orders", "{\"channelId\":\"WX_APP\",\"amount\":100}"), 504);
        assertEquals(201, postJson("/api/orders", channelRequest("WX_JSAPI", 300)).statusCode());
        assertEquals(201, postJson("/api/orders", channelRequest("WX_NATIVE", 300)).statusCode());
        assertProblem(deliver(signed(paidNotification(createOrder(998)), "SOMEONE-ELSES-KEY-000000000000000")), 403);
    }

    /** A Prometheus sample named {@code name}, carrying the labels, with a value of at least one. */
    private static void assertCounted(String metrics, String name, String... labels) {
        boolean found = metrics.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " ")) // labels, or none (WildFly)
                .filter(line -> java.util.Arrays.stream(labels).allMatch(line::contains))
                .anyMatch(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) >= 1);
        assertTrue(found, name + " " + String.join(",", labels) + " in\n" + metrics);
    }
}
