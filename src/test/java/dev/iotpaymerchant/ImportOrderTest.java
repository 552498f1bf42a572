package dev.iotpaymerchant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every Java file's imports are in one order (issue #33), so that a package move shows as the lines it
 * moved and nothing else: static imports; {@code java.*}; {@code javax.*}; {@code jakarta.*}; other
 * libraries; {@code dev.iotpaymerchant.*}; one blank line between groups, each group sorted, none twice.
 * {@code .ci/sort-imports} puts a file in that order.
 */
class ImportOrderTest {

    private static final List<Path> SOURCES = List.of(Path.of("src/main/java"), Path.of("src/test/java"),
            Path.of("src/sandbox/java"));
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+(?:\\.\\*)?)\\s*;\\s*$");

    @Test
    void everyFileImportsInTheProjectsOrder() throws IOException {
        List<String> wrong = new ArrayList<>();
        List<Path> files = javaFiles();
        assertFalse(files.isEmpty(), "no Java file found");
        for (Path file : files) {
            List<String> block = importBlock(read(file));
            if (!block.equals(expected(block))) {
                wrong.add(file.toString());
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " files have imports out of order (run .ci/sort-imports):\n"
                + String.join("\n", wrong));
    }

    @Test
    void theOrderIsStaticThenJavaJavaxJakartaLibrariesAndOurOwnSortedWithinEachGroup() {
        List<String> shuffled = List.of("import dev.iotpaymerchant.b.B;", "import org.junit.Test;",
                "import java.util.List;", "", "import static org.junit.Assert.assertTrue;", "import jakarta.ws.rs.GET;",
                "import dev.iotpaymerchant.a.A;", "import javax.sql.DataSource;", "import java.time.Clock;");
        assertEquals(List.of("import static org.junit.Assert.assertTrue;", "", "import java.time.Clock;",
                "import java.util.List;", "", "import javax.sql.DataSource;", "", "import jakarta.ws.rs.GET;", "",
                "import org.junit.Test;", "", "import dev.iotpaymerchant.a.A;", "import dev.iotpaymerchant.b.B;"),
                expected(shuffled));
        assertEquals(List.of("import java.util.List;"), expected(List.of("import java.util.List;", "import java.util.List;")),
                "an import twice is one import");
    }

    /** The lines from the first import to the last, blank lines included. */
    private static List<String> importBlock(String code) {
        List<String> lines = code.lines().toList();
        int first = -1;
        int last = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (IMPORT.matcher(lines.get(i)).matches()) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        return first < 0 ? List.of() : lines.subList(first, last + 1);
    }

    private static List<String> expected(List<String> block) {
        List<String[]> imports = new ArrayList<>(); // {group, name, line}
        for (String line : block) {
            Matcher match = IMPORT.matcher(line);
            if (match.matches()) {
                boolean isStatic = match.group(1) != null;
                String name = match.group(2);
                String tidy = (isStatic ? "import static " : "import ") + name + ";";
                if (imports.stream().noneMatch(known -> known[2].equals(tidy))) {
                    imports.add(new String[] {String.valueOf(group(isStatic, name)), name, tidy});
                }
            } else if (!line.isBlank()) {
                return List.of("(something other than imports between the imports)");
            }
        }
        imports.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        List<String> out = new ArrayList<>();
        String previous = null;
        for (String[] each : imports) {
            if (previous != null && !previous.equals(each[0])) {
                out.add("");
            }
            out.add(each[2]);
            previous = each[0];
        }
        return out;
    }

    private static int group(boolean isStatic, String name) {
        if (isStatic) {
            return 0;
        }
        if (name.startsWith("java.")) {
            return 1;
        }
        if (name.startsWith("javax.")) {
            return 2;
        }
        if (name.startsWith("jakarta.")) {
            return 3;
        }
        return name.startsWith("dev.iotpaymerchant.") ? 5 : 4;
    }

    private static List<Path> javaFiles() throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path root : SOURCES) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(file -> file.toString().endsWith(".java")).sorted().forEach(all::add);
                }
            }
        }
        return all;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
