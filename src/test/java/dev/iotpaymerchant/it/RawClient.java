package dev.iotpaymerchant.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A GET over a plain socket, for what java.net.http cannot do: tell whether an answer has begun to arrive
 * without waiting for it, and go away in the middle of a request.
 */
final class RawClient implements AutoCloseable {

    private final Socket socket;

    private RawClient(Socket socket) {
        this.socket = socket;
    }

    /** Sends {@code GET path} with {@code authorization} and leaves the connection open, its answer unread. */
    static RawClient get(String path, String authorization) {
        int port = Integer.parseInt(Backend.BASE.substring(Backend.BASE.lastIndexOf(':') + 1));
        try {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            String head = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + authorization + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new RawClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send GET " + path, e);
        }
    }

    /** True once an answer has begun to arrive. */
    boolean answered() {
        try {
            return socket.getInputStream().available() > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer's status code (the answer must have begun to arrive). */
    int status() {
        try {
            byte[] line = new byte[12];
            int read = socket.getInputStream().readNBytes(line, 0, line.length);
            String text = new String(line, 0, read, StandardCharsets.US_ASCII);
            if (!text.startsWith("HTTP/1.1 ")) {
                throw new AssertionError("no HTTP answer: " + text);
            }
            return Integer.parseInt(text.substring(9, 12));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Goes away without reading the answer, as a phone that lost its network or an app that was closed. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
