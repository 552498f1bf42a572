package dev.iotpaymerchant.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.iotpaymerchant.fulfilment.control.WebhookSignature;

/**
 * A shop's webhook endpoint, on loopback in the test JVM: verifies every signature the way a
 * Standard Webhooks library does, records every request, and can be made to fail, redirect or
 * hang, as real receivers do.
 */
final class WebhookReceiver implements AutoCloseable {

    /** The test deployments' webhook secret (made up for the tests). */
    static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "iotpay-merchant-test-webhook-key".getBytes(StandardCharsets.US_ASCII));

    /**
     * OK: 204. DOWN: 503. REDIRECT: 302. BLOCK: no answer until the mode changes. HANG: no answer for
     * 3 s (past the senders' 2 s deadline in the tests that use it). DRIP: a 200 whose body comes one byte a second.
     */
    enum Mode { OK, DOWN, REDIRECT, BLOCK, HANG, DRIP }

    /** One request as it arrived. */
    record Received(String id, String timestamp, String signature, String body, boolean verified, int answered,
                    java.time.Instant arrived) {

        Received(String id, String timestamp, String signature, String body, boolean verified, int answered) {
            this(id, timestamp, signature, body, verified, answered, java.time.Instant.now());
        }

        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        String type() {
            return json().getString("type");
        }

        /** The order the event is about; null for an event about no order (a checkout that expired or was cancelled). */
        String mchOrderNo() {
            return json().getJsonObject("data").getString("mchOrderNo", null);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> inFlight = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Overlap> overlapsAt = new CopyOnWriteArrayList<>();
    private final List<String[]> spans = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, java.util.Queue<Mode>> scripts = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Mode mode = Mode.OK;
    private volatile long thinkMillis;
    private volatile CountDownLatch release = new CountDownLatch(0);

    WebhookReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hooks", this::handle);
        server.start();
    }

    static String url(int port) {
        return "http://127.0.0.1:" + port + "/hooks";
    }

    /**
     * Every plain answer takes up to {@code millis} (at random), as a shop's endpoint that does some work: the wider
     * each request's time in flight, the surer two senders of one event are seen at once.
     */
    void thinkUpTo(long millis) {
        thinkMillis = millis;
    }

    void mode(Mode next) {
        if (next == Mode.BLOCK) {
            release = new CountDownLatch(1);
        } else {
            release.countDown();
        }
        mode = next;
    }

    List<Received> forOrder(String mchOrderNo) {
        return received.stream().filter(r -> r.verified() && mchOrderNo.equals(r.mchOrderNo())).toList();
    }

    List<Received> all() {
        return List.copyOf(received);
    }

    /** The first requests for this order get these answers, one each, whatever the mode; later ones follow the mode. */
    void script(String mchOrderNo, Mode... firstAnswers) {
        scripts.put(mchOrderNo, new java.util.concurrent.ConcurrentLinkedQueue<>(List.of(firstAnswers)));
    }

    /** The webhook ids of which a second request arrived while the first was still being answered. */
    List<String> overlaps() {
        return overlapsAt.stream().map(Overlap::webhookId).toList();
    }

    /** A second request for {@code webhookId} arrived at {@code nanos} ({@code System.nanoTime()}) while another was being answered. */
    record Overlap(String webhookId, long nanos) {
    }

    /** Each overlap, with when the second request arrived. */
    List<Overlap> overlapsWithTimes() {
        return List.copyOf(overlapsAt);
    }

    /**
     * When each request of this webhook id arrived and when its answer was done (or the sender was found gone),
     * on this receiver's clock: what a failure message shows of an overlap, to tell a slow machine from two senders.
     */
    String timeline(String webhookId) {
        return spans.stream().filter(span -> span[0].equals(webhookId))
                .map(span -> span[1] + "–" + span[2]).toList().toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String key = String.valueOf(exchange.getRequestHeaders().getFirst("webhook-id"));
        java.util.concurrent.atomic.AtomicInteger open = inFlight.computeIfAbsent(key, k -> new java.util.concurrent.atomic.AtomicInteger());
        String arrived = java.time.Instant.now().toString();
        if (open.incrementAndGet() > 1) {
            overlapsAt.add(new Overlap(key, System.nanoTime()));
        }
        try {
            receive(exchange);
        } finally {
            open.decrementAndGet();
            spans.add(new String[] {key, arrived, java.time.Instant.now().toString()});
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
        boolean verified = id != null && timestamp != null && timestamp.matches("[0-9]{1,12}")
                && WebhookSignature.verify(WebhookSignature.keyOf(SECRET), id, Long.parseLong(timestamp), body, signature);
        Mode now = scripted(body).orElse(mode);
        if (now == Mode.HANG) {
            received.add(new Received(id, timestamp, signature, body, verified, 0));
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200);
            return;
        }
        if (now == Mode.BLOCK) {
            received.add(new Received(id, timestamp, signature, body, verified, 0));
            try {
                release.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200);
            return;
        }
        if (now == Mode.DRIP) {
            received.add(new Received(id, timestamp, signature, body, verified, 200));
            drip(exchange);
            return;
        }
        int status = !verified ? 401 : switch (now) {
            case OK, BLOCK, HANG, DRIP -> 204;
            case DOWN -> 503;
            case REDIRECT -> 302;
        };
        received.add(new Received(id, timestamp, signature, body, verified, status));
        long think = thinkMillis;
        if (think > 0) {
            try {
                Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(think + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (status == 302) {
            exchange.getResponseHeaders().add("Location", url(exchange.getLocalAddress().getPort()) + "/moved");
        }
        answer(exchange, status);
    }

    private java.util.Optional<Mode> scripted(String body) {
        try {
            String order = Json.createReader(new StringReader(body)).readObject().getJsonObject("data").getString("mchOrderNo");
            java.util.Queue<Mode> script = scripts.get(order);
            return java.util.Optional.ofNullable(script == null ? null : script.poll());
        } catch (RuntimeException notAnEvent) {
            return java.util.Optional.empty();
        }
    }

    /** A 200 whose body never ends: one byte a second, for two minutes or until the sender hangs up. */
    private static void drip(HttpExchange exchange) {
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(200, 0);
            for (int i = 0; i < 120; i++) {
                out.write('.');
                out.flush();
                Thread.sleep(1000);
            }
        } catch (IOException gone) {
            // the sender cut the exchange off at its deadline
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, int status) {
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(status, -1);
        } catch (IOException gone) {
            // the sender went away (a killed node): nothing to answer
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
