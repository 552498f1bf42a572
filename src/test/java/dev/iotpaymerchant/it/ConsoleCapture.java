package dev.iotpaymerchant.it;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Keeps a copy of everything printed to this JVM's standard output. The Payara Micro adapter
 * prints every line the server logs there, so this is the whole server log of the run.
 */
final class ConsoleCapture {

    private static final ByteArrayOutputStream COPY = new ByteArrayOutputStream();

    private ConsoleCapture() {
    }

    static synchronized void install() {
        if (System.out instanceof Tee) {
            return;
        }
        System.setOut(new Tee(System.out));
    }

    static String text() {
        synchronized (COPY) {
            return COPY.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * The lines that match, once at least one does: the server writes a log line on its own threads,
     * at times after the answer that caused it was already received (seen on a loaded machine).
     */
    static List<String> awaitLines(Predicate<String> wanted, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        List<String> lines = text().lines().filter(wanted).toList();
        while (lines.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            lines = text().lines().filter(wanted).toList();
        }
        return lines;
    }

    private static final class Tee extends PrintStream {

        Tee(PrintStream original) {
            super(new OutputStream() {
                @Override
                public void write(int b) {
                    original.write(b);
                    synchronized (COPY) {
                        COPY.write(b);
                    }
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    original.write(bytes, offset, length);
                    synchronized (COPY) {
                        COPY.write(bytes, offset, length);
                    }
                }

                @Override
                public void flush() {
                    original.flush();
                }
            }, true, StandardCharsets.UTF_8);
        }
    }
}
