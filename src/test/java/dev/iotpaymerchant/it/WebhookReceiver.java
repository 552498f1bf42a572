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

    enum Mode { OK, DOWN, REDIRECT, BLOCK }

    /** One request as it arrived. */
    record Received(String id, String timestamp, String signature, String body, boolean verified, int answered) {

        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        String type() {
            return json().getString("type");
        }

        String mchOrderNo() {
            return json().getJsonObject("data").getString("mchOrderNo");
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.OK;
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

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
        boolean verified = id != null && timestamp != null && timestamp.matches("[0-9]{1,12}")
                && WebhookSignature.verify(WebhookSignature.keyOf(SECRET), id, Long.parseLong(timestamp), body, signature);
        Mode now = mode;
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
        int status = !verified ? 401 : switch (now) {
            case OK, BLOCK -> 204;
            case DOWN -> 503;
            case REDIRECT -> 302;
        };
        received.add(new Received(id, timestamp, signature, body, verified, status));
        if (status == 302) {
            exchange.getResponseHeaders().add("Location", url(exchange.getLocalAddress().getPort()) + "/moved");
        }
        answer(exchange, status);
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
