package dev.iotpaymerchant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Entities stay small enough to read (issue #18): no entity or embeddable over 300 lines, and no
 * constructor with more than 6 parameters; a concern that grows gets an embeddable of its own.
 */
class EntityShapeTest {

    private static final Path MAIN = Path.of("src/main/java");
    private static final int MAX_LINES = 300;
    private static final int MAX_PARAMETERS = 6;

    @Test
    void entitiesAreAtMost300LinesWithConstructorsOfAtMost6Parameters() throws Exception {
        List<String> tooBig = new ArrayList<>();
        List<Path> entities = entities();
        assertFalse(entities.isEmpty(), "no entity found under " + MAIN);
        for (Path file : entities) {
            long lines = read(file).lines().count();
            if (lines > MAX_LINES) {
                tooBig.add(file + ": " + lines + " lines");
            }
            String name = MAIN.relativize(file).toString().replace('/', '.').replaceAll("\\.java$", "");
            for (Constructor<?> constructor : Class.forName(name).getDeclaredConstructors()) {
                if (constructor.getParameterCount() > MAX_PARAMETERS) {
                    tooBig.add(name + ": a constructor with " + constructor.getParameterCount() + " parameters");
                }
            }
        }
        assertTrue(tooBig.isEmpty(), String.join("\n", tooBig));
    }

    private static List<Path> entities() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> file.getParent().getFileName().toString().equals("entity"))
                    .filter(file -> {
                        String code = read(file);
                        return code.contains("\n@Entity") || code.contains("\n@Embeddable");
                    }).toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
