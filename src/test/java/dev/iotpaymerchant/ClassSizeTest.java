package dev.iotpaymerchant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every class of the application stays small enough to read (issue #33): no source file under
 * src/main/java over 300 lines, nested types included. A class that grows splits by what it does,
 * as {@code IotPayClient} did (the wire) and {@code IotPayOutcomes} (what IOTPay's answers mean).
 * The sandbox (src/sandbox) is not held to it yet: it is not part of the production WAR.
 */
class ClassSizeTest {

    private static final Path MAIN = Path.of("src/main/java");
    private static final int MAX_LINES = 300;

    @Test
    void noMainClassIsOver300Lines() throws IOException {
        List<Path> sources = sources();
        assertFalse(sources.isEmpty(), "no source file found under " + MAIN);
        List<String> tooLong = sources.stream()
                .filter(file -> lines(file) > MAX_LINES)
                .map(file -> file + ": " + lines(file) + " lines, at most " + MAX_LINES)
                .toList();
        assertTrue(tooLong.isEmpty(), String.join("\n", tooLong));
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static long lines(Path file) {
        try {
            return Files.readString(file).lines().count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
