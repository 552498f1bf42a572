package dev.iotpaymerchant.platform.http.boundary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.servlet.ServletRequest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Watching a server's socket for its client going away, on real loopback connections: a close or a reset is
 * told within a few polls, once; bytes sent ahead are left for the server; an ended watch says nothing, and
 * the connection's next request can be watched at once.
 */
class ClientDisconnectsTest {

    private static final long TOLD_WITHIN_MS = 3_000;
    private static final long QUIET_FOR_MS = 4 * ClientDisconnects.POLL.toMillis();

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private final ClientDisconnects disconnects = new ClientDisconnects();
    private final List<String> told = new CopyOnWriteArrayList<>();
    private final ServerSocketChannel listening;

    ClientDisconnectsTest() throws IOException {
        disconnects.scheduler = managed(executor);
        listening = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() throws IOException {
        disconnects.stop();
        executor.shutdownNow();
        listening.close();
    }

    @Test
    void aClientThatClosesItsConnectionIsToldOnce() throws Exception {
        try (Socket client = connect(); SocketChannel server = accept()) {
            disconnects.watch(server, () -> told.add("gone"));
            pause(QUIET_FOR_MS);
            assertEquals(List.of(), told, "a client that waits is not gone");
            client.close(); // FIN
            awaitTold(List.of("gone"));
            pause(QUIET_FOR_MS);
            assertEquals(List.of("gone"), told, "told once");
        }
    }

    @Test
    void aConnectionResetIsAClientGoneToo() throws Exception {
        try (Socket client = connect(); SocketChannel server = accept()) {
            disconnects.watch(server, () -> told.add("reset"));
            pause(QUIET_FOR_MS);
            client.setSoLinger(true, 0);
            client.close(); // RST
            awaitTold(List.of("reset"));
        }
    }

    @Test
    void bytesSentAheadAreLeftForTheServerAndEndTheWatch() throws Exception {
        try (Socket client = connect(); SocketChannel server = accept()) {
            disconnects.watch(server, () -> told.add("gone"));
            pause(QUIET_FOR_MS);
            byte[] next = "GET /api/orders HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            client.getOutputStream().write(next);
            pause(QUIET_FOR_MS);
            client.close();
            pause(QUIET_FOR_MS);
            assertEquals(List.of(), told, "a client that sent a next request is not taken for gone");
            ByteBuffer read = ByteBuffer.allocate(next.length);
            while (read.hasRemaining() && server.read(read) >= 0) {
                Thread.onSpinWait();
            }
            assertArrayEquals(next, read.array(), "every byte is still there for the server to read");
        }
    }

    @Test
    void anEndedWatchSaysNothingAndTheConnectionsNextRequestIsWatchedAtOnce() throws Exception {
        try (Socket client = connect(); SocketChannel server = accept()) {
            ClientDisconnects.Watch first = disconnects.watch(server, () -> told.add("first"));
            pause(QUIET_FOR_MS);
            first.close();
            first.close();
            disconnects.watch(server, () -> told.add("second")); // keep-alive: the next long-poll, same socket
            pause(QUIET_FOR_MS);
            client.close();
            awaitTold(List.of("second"));
        }
    }

    @Test
    void aRequestOfAServerWithoutAKnownSocketIsNotWatched() {
        ServletRequest elsewhere = (ServletRequest) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServletRequest.class}, (proxy, method, args) -> null);
        ClientDisconnects.Watch none = disconnects.whenGone(elsewhere, () -> told.add("never"));
        none.close();
        assertEquals(List.of(), told);
    }

    private Socket connect() throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), listening.socket().getLocalPort());
    }

    /** The server's end, non-blocking as a server's own is. */
    private SocketChannel accept() throws IOException {
        SocketChannel accepted = listening.accept();
        accepted.configureBlocking(false);
        return accepted;
    }

    private void awaitTold(List<String> expected) {
        long deadline = System.nanoTime() + TOLD_WITHIN_MS * 1_000_000;
        while (!told.equals(expected) && System.nanoTime() < deadline) {
            pause(20);
        }
        assertEquals(expected, told);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ManagedScheduledExecutorService managed(ScheduledExecutorService executor) {
        return (ManagedScheduledExecutorService) java.lang.reflect.Proxy.newProxyInstance(
                ClientDisconnectsTest.class.getClassLoader(), new Class<?>[] {ManagedScheduledExecutorService.class},
                (proxy, method, args) -> method.invoke(executor, args));
    }
}
