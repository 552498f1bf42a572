package dev.iotpaymerchant.access.control;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reading an identity provider's keys is bounded in time and size, whatever the provider does. */
class JwksReadTest {

    private final HttpServer provider;

    JwksReadTest() throws IOException {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        provider.setExecutor(Executors.newCachedThreadPool());
        provider.createContext("/drip", exchange -> {
            try (OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, 0);
                for (int i = 0; i < 60; i++) { // one byte a second for a minute, far past the 5 s deadline
                    out.write(' ');
                    out.flush();
                    Thread.sleep(1000);
                }
            } catch (IOException | InterruptedException cutOff) {
                // the reader hung up at its deadline
            }
        });
        provider.createContext("/huge", exchange -> {
            try (OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, 0);
                byte[] block = new byte[64 * 1024];
                for (int i = 0; i < 32; i++) { // 2 MiB
                    out.write(block);
                }
            } catch (IOException cutOff) {
                // the reader stopped past its limit
            }
        });
        provider.start();
    }

    @AfterEach
    void stop() {
        provider.stop(0);
    }

    private PublishedKeys.UrlSource source(String path) {
        return new PublishedKeys.UrlSource(URI.create("http://127.0.0.1:" + provider.getAddress().getPort() + path));
    }

    @Test
    void aProviderThatDripsItsKeysIsCutOffAtTheDeadline() {
        long started = System.nanoTime();
        IOException refused = assertThrows(IOException.class, () -> source("/drip").read());
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertTrue(refused.getMessage().contains("no whole answer within 5000 ms"), refused.getMessage());
        assertTrue(seconds < 30, "cut off at the deadline, not held for the minute the provider drips: " + seconds + " s");
    }

    @Test
    void keysLargerThanTheLimitAreNotReadInFull() {
        IOException refused = assertThrows(IOException.class, () -> source("/huge").read());
        assertTrue(refused.getMessage().contains("more than 524288 bytes"), refused.getMessage());
    }
}
