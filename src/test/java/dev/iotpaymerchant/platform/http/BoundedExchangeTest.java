package dev.iotpaymerchant.platform.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One bounded exchange against a local server that misbehaves: the deadline is total (a server that
 * sends nothing, or a byte at a time, is cut off when it passes), the body is capped, and in both
 * cases the exchange is aborted and its connection closed, which the server sees as a failed write.
 */
class BoundedExchangeTest {

    private static final Duration DEADLINE = Duration.ofMillis(500);
    private static final int CAP = 64 * 1024;
    /** What the huge answer would be in full: far more than socket buffers hold, so only a closed connection stops it early. */
    private static final long HUGE = 256L * 1024 * 1024;

    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final HttpServer server;
    /** Counted down when a handler's write fails: the client closed the connection. */
    private final CountDownLatch hungUp = new CountDownLatch(1);
    /** Counted down when the dripping server has sent its head. */
    private final CountDownLatch dripping = new CountDownLatch(1);
    /** Holds the silent handler until the test ends. */
    private final CountDownLatch testOver = new CountDownLatch(1);
    private final AtomicLong hugeBytesSent = new AtomicLong();

    BoundedExchangeTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.setExecutor(handlers);
        server.createContext("/keys", exchange -> {
            byte[] body = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/keys");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/silent", exchange -> {
            try {
                testOver.await(30, TimeUnit.SECONDS); // no head, no body
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.createContext("/drip", exchange -> {
            try (OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, 0);
                dripping.countDown();
                for (int i = 0; i < 1500; i++) { // a byte every 20 ms for 30 s, far past the deadline
                    out.write(' ');
                    out.flush();
                    Thread.sleep(20);
                }
            } catch (IOException cutOff) {
                hungUp.countDown();
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
        server.createContext("/huge", exchange -> {
            try (OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, 0);
                byte[] block = new byte[64 * 1024];
                while (hugeBytesSent.get() < HUGE) {
                    out.write(block);
                    hugeBytesSent.addAndGet(block.length);
                }
            } catch (IOException cutOff) {
                hungUp.countDown();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        testOver.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path)).GET();
    }

    private static BoundedExchange exchange() {
        return new BoundedExchange(HttpClient.Version.HTTP_1_1, DEADLINE);
    }

    private void assertConnectionClosedSoon() throws InterruptedException {
        assertTrue(hungUp.await(10, TimeUnit.SECONDS), "the server should see the connection closed, not keep sending");
    }

    @Test
    void aWholeAnswerWithinTheDeadlineGivesItsStatusHeadersAndBody() {
        BoundedExchange.Outcome outcome = exchange().send(get("/keys"), DEADLINE, CAP);
        assertNull(outcome.failure());
        assertEquals(200, outcome.status());
        assertEquals("application/json", outcome.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals("{\"keys\":[]}".getBytes(StandardCharsets.UTF_8), outcome.body());
    }

    @Test
    void aRedirectIsAnAnswerNotFollowed() {
        BoundedExchange.Outcome outcome = exchange().send(get("/moved"), DEADLINE, CAP);
        assertNull(outcome.failure());
        assertEquals(302, outcome.status());
    }

    @Test
    void aServerThatSendsNothingIsCutOffAtTheDeadline() {
        long started = System.nanoTime();
        BoundedExchange.Outcome outcome = exchange().send(get("/silent"), DEADLINE, CAP);
        assertEquals(BoundedExchange.Failure.DEADLINE_PASSED, outcome.failure());
        assertFalse(outcome.headArrived());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(10)) < 0,
                "cut off at the deadline, not held for the 30 s the server is silent");
    }

    @Test
    void aServerThatDripsItsBodyIsCutOffAtTheDeadlineAndItsConnectionClosed() throws InterruptedException {
        long started = System.nanoTime();
        BoundedExchange.Outcome outcome = exchange().send(get("/drip"), DEADLINE, CAP);
        assertEquals(BoundedExchange.Failure.DEADLINE_PASSED, outcome.failure());
        assertNull(outcome.body());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(10)) < 0,
                "cut off at the deadline, not held for the 30 s the server drips");
        assertConnectionClosedSoon();
    }

    @Test
    void aBodyPastTheCapIsNotReadInFullAndItsConnectionIsClosed() throws InterruptedException {
        BoundedExchange.Outcome outcome = exchange().send(get("/huge"), Duration.ofSeconds(30), CAP);
        assertEquals(BoundedExchange.Failure.BODY_TOO_LARGE, outcome.failure());
        assertEquals(200, outcome.status(), "the head arrived: its status is known");
        assertNull(outcome.body());
        assertConnectionClosedSoon();
        assertTrue(hugeBytesSent.get() < HUGE, "the server was stopped early, after " + hugeBytesSent.get() + " bytes");
    }

    @Test
    void aRefusedConnectionIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        BoundedExchange.Outcome outcome = exchange().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closedPort + "/keys")).GET(), DEADLINE, CAP);
        assertEquals(BoundedExchange.Failure.UNREACHABLE, outcome.failure());
        assertFalse(outcome.headArrived());
        assertTrue(outcome.cause() != null, "the client's own failure is kept for the caller's words");
    }

    @Test
    void anInterruptedWaitCancelsTheExchangeAndKeepsTheInterrupt() throws InterruptedException {
        Thread waiting = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            try {
                if (dripping.await(10, TimeUnit.SECONDS)) { // the exchange is under way
                    waiting.interrupt();
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
        interrupter.start();
        BoundedExchange.Outcome outcome = exchange().send(get("/drip"), Duration.ofSeconds(30), CAP);
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller (and cleared here)");
        assertEquals(BoundedExchange.Failure.INTERRUPTED, outcome.failure());
        assertConnectionClosedSoon();
        interrupter.join();
    }
}
