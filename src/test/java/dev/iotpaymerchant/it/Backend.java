package dev.iotpaymerchant.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.jboss.shrinkwrap.api.Filters;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import dev.iotpaymerchant.iotpay.control.IotPaySigner;

/**
 * What the integration tests use to talk to the deployed backend, its sandbox gateway and the
 * test-only fulfilment ledger, the way an app, IOTPay and a shop would.
 */
final class Backend {

    static final String MERCHANT_ID = System.getenv("IOTPAY_MCH_ID");
    static final String MERCHANT_KEY = System.getenv("IOTPAY_MCH_KEY");
    static final String BASE = "http://localhost:" + System.getProperty("it.port", "18080");
    /** Payara serves health on the application port, WildFly on its management port. */
    static final String HEALTH = System.getProperty("it.health", BASE);
    static final boolean ON_WILDFLY = "wildfly".equals(System.getProperty("it.server"));

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Backend() {
    }

    /**
     * The backend with the sandbox inside, deployed at the root context. Test classes stay out;
     * only the test-only fulfilment ledger comes along.
     */
    static WebArchive war() {
        return war("");
    }

    /**
     * The same WAR with extra MicroProfile Config lines (below environment variables in priority).
     * {@code api.auth} is {@code none} and the create and read rates are out of the way unless the lines
     * set them (a later line wins): with {@code none} every test request is one caller, 127.0.0.1.
     */
    static WebArchive war(String microprofileConfig) {
        return ShrinkWrap.create(WebArchive.class, "ROOT.war")
                .addAsLibraries(libraries())
                .addAsResource(new org.jboss.shrinkwrap.api.asset.StringAsset(productionConfig()
                        + "api.auth=none\norders.create-rate-per-minute=100000\napi.read-rate-per-minute=100000\n"
                        + microprofileConfig),
                        "META-INF/microprofile-config.properties")
                .addAsResource(new File("target/classes/META-INF/openapi.yaml"), "META-INF/openapi.yaml")
                .addPackages(true, Filters.exclude("/dev/iotpaymerchant/it/.*|.*(Test|IT|Checks)(\\$.*)?\\.class"), "dev.iotpaymerchant")
                .addAsResource(new File("target/classes/META-INF/persistence.xml"), "META-INF/persistence.xml")
                .addAsResource(new File("target/classes/META-INF/orm.xml"), "META-INF/orm.xml")
                .addAsResource(new File("target/classes/db"), "db")
                // the sandbox's demo checkout (its classes came with the packages above)
                .addAsResource(new File("target/test-classes/dev/iotpaymerchant/sandbox/demo"), "dev/iotpaymerchant/sandbox/demo")
                .addAsResource(new File("target/classes/META-INF/services"), "META-INF/services")
                .addAsWebInfResource(new File("src/main/webapp/WEB-INF/beans.xml"), "beans.xml")
                .addAsWebInfResource(new File("src/main/webapp/WEB-INF/web.xml"), "web.xml")
                .addAsWebInfResource(new File("src/main/webapp/WEB-INF/payara-web.xml"), "payara-web.xml")
                .addAsWebInfResource(new File("src/main/webapp/WEB-INF/jboss-web.xml"), "jboss-web.xml")
                .addAsWebInfResource(new File("src/main/webapp/WEB-INF/jboss-deployment-structure.xml"),
                        "jboss-deployment-structure.xml")
                .merge(ShrinkWrap.create(org.jboss.shrinkwrap.api.importer.ExplodedImporter.class)
                        .importDirectory("src/main/webapp/console").as(org.jboss.shrinkwrap.api.GenericArchive.class), "/console");
    }

    /** The WAR's own MicroProfile Config lines (how the OpenAPI contract is served), first. */
    private static String productionConfig() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("target/classes/META-INF/microprofile-config.properties")) + "\n";
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Run the integration tests with mvn verify: " + e.getMessage(), e);
        }
    }

    /** The libraries the production WAR carries (the schema migrations), as Maven packaged them. */
    private static File[] libraries() {
        File[] jars = new File(System.getProperty("it.libraries", "target/iotpay-merchant/WEB-INF/lib"))
                .listFiles((dir, name) -> name.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("Run the integration tests with mvn verify: the packaged WAR's libraries are missing");
        }
        return jars;
    }

    static HttpResponse<String> get(String path) {
        return getFrom(BASE, path);
    }

    static HttpResponse<String> getFrom(String base, String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    static HttpResponse<String> post(String path, String contentType, String body) {
        return postTo(BASE, path, contentType, body);
    }

    static HttpResponse<String> postTo(String base, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    static HttpResponse<String> postJson(String path, String json) {
        return post(path, "application/json", json);
    }

    static HttpResponse<byte[]> sendBytes(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError("request failed: " + e, e);
        }
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("request failed: " + e, e);
        }
    }

    /**
     * Starts a POST that announces (or streams, when {@code declaredLength} is negative) a huge
     * body, sends only its first {@code sentBytes}, and returns the status line the server answers
     * with. A real client keeps sending; the server must not wait for it to finish.
     */
    static String oversizedPost(String path, String contentType, long declaredLength, int sentBytes) {
        try (java.net.Socket socket = new java.net.Socket("localhost", Integer.parseInt(BASE.substring(BASE.lastIndexOf(':') + 1)))) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            String length = declaredLength >= 0 ? "Content-Length: " + declaredLength : "Transfer-Encoding: chunked";
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType + "\r\n"
                    + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "x".repeat(sentBytes).getBytes(StandardCharsets.US_ASCII);
            if (declaredLength < 0) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(chunk);
            }
            out.flush();
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return in.readLine();
        } catch (java.io.IOException e) {
            throw new AssertionError("no answer to an oversized request: " + e, e);
        }
    }

    static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    /** An RFC 9457 answer with the given status that leaks nothing about our internals. */
    static JsonObject assertProblem(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""),
                response.body());
        assertFalse(response.body().contains("Exception"), response.body());
        assertFalse(response.body().contains("dev.iotpaymerchant"), response.body());
        JsonObject problem = json(response);
        assertEquals(status, problem.getInt("status"));
        assertFalse(problem.getString("detail").isBlank());
        assertFalse(problem.getString("title").isBlank());
        assertTrue(problem.getString("traceId", "").matches("[0-9a-f]{32}"), "every problem names its trace: " + problem);
        return problem;
    }

    /** Creates a WX_APP order through the JSON API and returns its body (status PENDING). */
    static JsonObject createOrder(long amount) {
        HttpResponse<String> created = postJson("/api/orders", "{\"channelId\":\"WX_APP\",\"amount\":" + amount + "}");
        assertEquals(201, created.statusCode(), created.body());
        JsonObject order = json(created);
        assertEquals("PENDING", order.getString("status"));
        return order;
    }

    static String status(String mchOrderNo) {
        return json(get("/api/orders/" + mchOrderNo)).getString("status");
    }

    static JsonObject gatewayOrder(String mchOrderNo) {
        return json(get("/sandbox/orders/" + mchOrderNo));
    }

    /** The business effects of the order's PaymentSucceeded events, once every due delivery has been made. */
    static int fulfilments(String mchOrderNo) {
        return ledger(BASE, mchOrderNo).getInt("succeeded");
    }

    static int paidAfterCloseEvents(String mchOrderNo) {
        return ledger(BASE, mchOrderNo).getInt("afterClose");
    }

    /** What the test observers recorded for the order, after its due deliveries were made on {@code base}. */
    static JsonObject ledger(String base, String mchOrderNo) {
        awaitObserversDone(base, mchOrderNo);
        return json(getFrom(base, "/it-support/fulfilments/" + mchOrderNo));
    }

    /**
     * Runs the dispatcher until each of the order's events was delivered to the observers or failed
     * there at least once. Another dispatch (the wake-up after a commit) may be delivering a row at
     * that moment, hence the loop. Fails the test when that has not happened within 15 s: whatever
     * the caller asserts next about the observers would prove nothing.
     */
    static void awaitObserversDone(String base, String mchOrderNo) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        jakarta.json.JsonArray events;
        do {
            dispatch(base);
            events = events(base, mchOrderNo);
            boolean due = events.stream().map(JsonObject.class::cast)
                    .anyMatch(e -> e.getString("observers").equals("PENDING") && !e.getBoolean("observerFailed"));
            if (!due) {
                return;
            }
            pause(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the observers of order " + mchOrderNo + " were not reached within 15 s of dispatching: "
                + events);
    }

    /**
     * Dispatches until the order's one event of {@code type} was DELIVERED to every observer, and returns
     * it; fails the test after 15 s. Call it before asserting that an observer did nothing for the order,
     * so that the assertion is about observers that ran.
     */
    static JsonObject deliveredToObservers(String mchOrderNo, String type) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonObject found;
        do {
            dispatch();
            found = event(mchOrderNo, type);
            if (found.getString("observers").equals("DELIVERED")) {
                return found;
            }
            pause(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the " + type + " event of order " + mchOrderNo + " was not delivered to its observers "
                + "within 15 s of dispatching: " + found);
    }

    static jakarta.json.JsonArray events(String base, String mchOrderNo) {
        HttpResponse<String> events = getFrom(base, "/it-support/control/events/" + mchOrderNo);
        assertEquals(200, events.statusCode(), events.body());
        return Json.createReader(new StringReader(events.body())).readArray();
    }

    static jakarta.json.JsonArray events(String mchOrderNo) {
        return events(BASE, mchOrderNo);
    }

    /** The order's outbox event of {@code type}, which must exist exactly once. */
    static JsonObject event(String mchOrderNo, String type) {
        var matching = events(mchOrderNo).stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("type").equals(type)).toList();
        assertEquals(1, matching.size(), "one " + type + " event: " + events(mchOrderNo));
        return matching.get(0);
    }

    static void dispatch(String base) {
        HttpResponse<String> run = postTo(base, "/it-support/control/dispatch", null, "");
        assertEquals(200, run.statusCode(), run.body());
    }

    static void dispatch() {
        dispatch(BASE);
    }

    static void sweep(String base) {
        HttpResponse<String> run = postTo(base, "/it-support/control/sweep", null, "");
        assertEquals(200, run.statusCode(), run.body());
    }

    static void sweep() {
        sweep(BASE);
    }

    /** Moves the deployment's clock forward: what would take that long happens at the next sweep or dispatch. */
    static void advanceClock(String base, Duration by) {
        HttpResponse<String> moved = postTo(base, "/it-support/control/clock?advanceSeconds=" + by.toSeconds(), null, "");
        assertEquals(200, moved.statusCode(), moved.body());
    }

    static void advanceClock(Duration by) {
        advanceClock(BASE, by);
    }

    static void freezeClock(boolean frozen) {
        HttpResponse<String> set = post("/it-support/control/clock?freeze=" + frozen, null, "");
        assertEquals(200, set.statusCode(), set.body());
    }

    /** Sweeps (each time after moving the clock by {@code step}) until the order has {@code expected} status. */
    static String sweepUntil(String mchOrderNo, String expected, Duration step) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String status = status(mchOrderNo);
        while (!status.equals(expected) && System.nanoTime() < deadline) {
            advanceClock(step);
            sweep();
            status = status(mchOrderNo);
            if (!status.equals(expected)) {
                pause(100); // a timer sweep may hold the order for a moment
                status = status(mchOrderNo);
            }
        }
        return status;
    }

    static long queryCallsAtGateway() {
        return json(get("/sandbox/stats")).getJsonNumber("queryOrderCalls").longValue();
    }

    static void fault(String operation, String mode, boolean recordOrder) {
        assertEquals(204, post("/sandbox/faults?operation=" + operation + "&mode=" + mode + "&recordOrder=" + recordOrder,
                null, "").statusCode());
    }

    /** The payer pays at the gateway; with {@code notify} false the notification is lost. */
    static void payAtGateway(String mchOrderNo, boolean notify) {
        HttpResponse<String> paid = post("/sandbox/orders/" + mchOrderNo + "/pay?notify=" + notify, null, "");
        assertEquals(200, paid.statusCode(), paid.body());
    }

    /** Every order-creating call that reached the gateway: create_order and payForSubmit (WX_JSAPI). */
    static long createCallsAtGateway() {
        JsonObject stats = json(get("/sandbox/stats"));
        return stats.getJsonNumber("createOrderCalls").longValue() + stats.getJsonNumber("payForSubmitCalls").longValue();
    }

    static void fault(String operation, String mode) {
        assertEquals(204, post("/sandbox/faults?operation=" + operation + "&mode=" + mode, null, "").statusCode());
    }

    static String awaitStatus(String mchOrderNo, String expected, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        String status = status(mchOrderNo);
        while (!status.equals(expected) && System.nanoTime() < deadline) {
            pause(200);
            status = status(mchOrderNo);
        }
        return status;
    }

    /** The notification IOTPay would send for this order, signed with the merchant key. */
    static Map<String, String> paidNotification(JsonObject order) {
        Map<String, String> n = new LinkedHashMap<>();
        n.put("payOrderId", order.getString("payOrderId"));
        n.put("mchId", MERCHANT_ID);
        n.put("mchOrderNo", order.getString("mchOrderNo"));
        n.put("channelId", order.getString("channelId"));
        n.put("currency", order.getString("currency"));
        n.put("amount", String.valueOf(order.getJsonNumber("amount").longValue()));
        n.put("status", "2");
        n.put("clientIp", "127.0.0.1");
        n.put("device", "");
        n.put("subject", "Order");
        n.put("body", "In-app purchase");
        n.put("channelOrderNo", "4200001234202611261234567890");
        n.put("param1", "");
        n.put("param2", "");
        n.put("paySuccTime", String.valueOf(System.currentTimeMillis()));
        n.put("backType", "2");
        return signed(n, MERCHANT_KEY);
    }

    static Map<String, String> signed(Map<String, String> parameters, String key) {
        Map<String, String> copy = new LinkedHashMap<>(parameters);
        copy.remove("sign");
        copy.put("sign", IotPaySigner.sign(copy, key));
        return copy;
    }

    static String form(Map<String, String> parameters) {
        StringJoiner form = new StringJoiner("&");
        parameters.forEach((name, value) -> form.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return form.toString();
    }

    /** Delivers a notification the way the sandbox does by default: query string and identical form body. */
    static HttpResponse<String> deliver(Map<String, String> parameters) {
        return deliverTo(BASE, parameters);
    }

    static HttpResponse<String> deliverTo(String base, Map<String, String> parameters) {
        String form = form(parameters);
        return postTo(base, "/api/notify?" + form, "application/x-www-form-urlencoded", form);
    }

    static void assertAcknowledged(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("success", response.body());
    }

    static void assertRefused(HttpResponse<String> response) {
        assertTrue(response.statusCode() >= 400, "status " + response.statusCode());
        assertFalse(response.body().contains("success"), response.body());
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
