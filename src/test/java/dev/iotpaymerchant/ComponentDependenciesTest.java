package dev.iotpaymerchant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The component map of docs/decisions/0010-component-map.md, as a test: every import of one
 * component by another in src/main must be one the map allows. A new dependency is a decision:
 * change the map (and the ADR and docs/architecture.md) first.
 */
class ComponentDependenciesTest {

    private static final Path MAIN = Path.of("src/main/java/dev/iotpaymerchant");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.iotpaymerchant\\.([a-z]+)\\.",
            Pattern.MULTILINE);
    /** Fully qualified names in code (JPQL strings naming enums, annotations …) count too. */
    private static final Pattern QUALIFIED = Pattern.compile("dev\\.iotpaymerchant\\.([a-z]+)\\.[a-z]+\\.[A-Z]");

    /** Which components each component may use, besides itself. */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("platform", Set.of()),
            Map.entry("iotpay", Set.of("platform")),
            Map.entry("access", Set.of("platform")),
            Map.entry("idempotency", Set.of("platform")),
            Map.entry("events", Set.of("iotpay", "platform")),
            Map.entry("gatewaycalls", Set.of("iotpay", "platform")),
            Map.entry("orders", Set.of("access", "events", "gatewaycalls", "idempotency", "iotpay", "platform")),
            Map.entry("fulfilment", Set.of("events", "platform")),
            Map.entry("refunds", Set.of("orders", "access", "events", "gatewaycalls", "idempotency", "iotpay", "platform")),
            Map.entry("notifications", Set.of("orders", "access", "events", "iotpay", "platform")),
            Map.entry("checkouts", Set.of("refunds", "orders", "access", "events", "gatewaycalls", "idempotency", "iotpay",
                    "platform")),
            Map.entry("audit", Set.of("fulfilment", "platform")),
            Map.entry("console", Set.of("audit", "checkouts", "notifications", "fulfilment", "refunds", "orders", "access", "events",
                    "gatewaycalls", "idempotency", "iotpay", "platform")));

    /**
     * The rooms of {@code platform} and which other rooms each may use: values and settings at the
     * bottom, then observability, then the HTTP edge, the due work and the schema, which never use
     * each other. {@code http/boundary} is part of {@code http}: platform's own edge.
     */
    static final Map<String, Set<String>> PLATFORM_ROOMS = Map.of(
            "values", Set.of(),
            "settings", Set.of("values"),
            "observability", Set.of("settings", "values"),
            "http", Set.of("observability", "settings", "values"),
            "work", Set.of("observability", "settings", "values"),
            "schema", Set.of("observability", "settings", "values"));
    private static final Path PLATFORM = MAIN.resolve("platform");
    private static final Pattern PLATFORM_IMPORT = Pattern.compile("dev\\.iotpaymerchant\\.platform\\.([a-z]+)\\.");

    @Test
    void everyComponentIsOnTheMap() throws IOException {
        try (Stream<Path> components = Files.list(MAIN)) {
            Set<String> found = new TreeSet<>(components.filter(Files::isDirectory)
                    .map(dir -> dir.getFileName().toString()).toList());
            assertEquals(new TreeSet<>(ALLOWED.keySet()), found,
                    "a new component needs its place on the map (this test, ADR 0010, docs/architecture.md)");
        }
    }

    /**
     * Each business component is boundary, control and entity; {@code platform} is its rooms instead
     * (settings, http with its boundary, observability, work, schema, values), each holding classes,
     * none of them a bare folder: {@code platform/work} is the one due-work mechanism (ADR 0009).
     */
    @Test
    void everyComponentIsBoundaryControlAndEntityAndPlatformIsItsRooms() throws IOException {
        List<String> strays = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            dirs.filter(Files::isDirectory).filter(dir -> MAIN.relativize(dir).getNameCount() > 1)
                    .map(dir -> MAIN.relativize(dir).toString().replace('\\', '/'))
                    .filter(layer -> !layer.matches("(?!platform/)[a-z]+/(boundary|control|entity)"
                            + "|platform/(" + String.join("|", PLATFORM_ROOMS.keySet()) + ")|platform/http/boundary"))
                    .forEach(strays::add);
        }
        assertTrue(strays.isEmpty(), "packages outside boundary/control/entity (and platform's rooms): " + strays);
        try (Stream<Path> loose = Files.list(PLATFORM)) {
            assertEquals(List.of(), loose.filter(Files::isRegularFile).map(Path::toString).toList(),
                    "every platform class lives in one of its rooms");
        }
        assertEquals(new TreeSet<>(PLATFORM_ROOMS.keySet()), rooms(), "platform's rooms are the ones on the map");
    }

    /** Platform's rooms use each other only as {@link #PLATFORM_ROOMS} allows, so no room leans on one above it. */
    @Test
    void platformRoomsUseOnlyWhatTheirMapAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(PLATFORM)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                String room = PLATFORM.relativize(file).getName(0).toString();
                Matcher used = PLATFORM_IMPORT.matcher(read(file));
                while (used.find()) {
                    String other = used.group(1);
                    if (!other.equals(room) && !PLATFORM_ROOMS.getOrDefault(room, Set.of()).contains(other)) {
                        violations.add(MAIN.relativize(file) + " uses platform/" + other);
                    }
                }
            });
        }
        assertTrue(violations.isEmpty(), "platform rooms using what their map does not allow:\n" + String.join("\n", violations));
        for (String room : PLATFORM_ROOMS.keySet()) {
            assertTrue(!reaches(PLATFORM_ROOMS, room, room, new TreeSet<>()), "platform/" + room + " depends on itself through others");
        }
    }

    @Test
    void componentsUseOnlyWhatTheMapAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                String component = MAIN.relativize(file).getName(0).toString();
                String code = read(file);
                for (Pattern pattern : List.of(IMPORT, QUALIFIED)) {
                    Matcher used = pattern.matcher(code);
                    while (used.find()) {
                        String other = used.group(1);
                        if (!other.equals(component) && !ALLOWED.getOrDefault(component, Set.of()).contains(other)) {
                            violations.add(MAIN.relativize(file) + " uses " + other);
                        }
                    }
                }
            });
        }
        assertTrue(violations.isEmpty(), "imports the component map does not allow:\n" + String.join("\n", violations));
    }

    /**
     * Errors at the edge: control and entity code returns outcomes or throws domain exceptions; only
     * boundaries (and the one error mapper) speak HTTP, so no control or entity class uses a
     * boundary class (a problem is one), or JAX-RS' answers and HTTP exceptions. {@code iotpay}'s
     * client is the exception that proves it: it speaks HTTP to IOTPay, with the JAX-RS client.
     */
    @Test
    void onlyBoundariesSpeakHttp() throws IOException {
        Pattern http = Pattern.compile("^import (?:static )?(dev\\.iotpaymerchant\\.[a-z.]+\\.boundary\\.[A-Za-z.]+"
                + "|jakarta\\.ws\\.rs\\.(?:core\\.Response|WebApplicationException|[A-Za-z]*Exception)[A-Za-z.]*);",
                Pattern.MULTILINE);
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(file -> file.toString().endsWith(".java"))
                    // platform's rooms are control code too, but for http/boundary, platform's own edge
                    .filter(file -> !file.getParent().getFileName().toString().equals("boundary"))
                    .filter(file -> !MAIN.relativize(file).startsWith("iotpay"))
                    .forEach(file -> {
                        Matcher used = http.matcher(read(file));
                        while (used.find()) {
                            violations.add(MAIN.relativize(file) + " uses " + used.group(1));
                        }
                    });
        }
        assertTrue(violations.isEmpty(), "control or entity code speaking HTTP:\n" + String.join("\n", violations));
    }

    @Test
    void theMapHasNoCycles() {
        for (String component : ALLOWED.keySet()) {
            assertTrue(!reaches(ALLOWED, component, component, new TreeSet<>()), component + " depends on itself through others");
        }
    }

    @Test
    void productionCodeNeverReachesTheSandbox() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<String> offenders = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> read(file).contains("dev.iotpaymerchant.sandbox"))
                    .map(Path::toString).toList();
            assertTrue(offenders.isEmpty(), "src/main uses the sandbox: " + offenders);
        }
    }

    private static Set<String> rooms() throws IOException {
        try (Stream<Path> rooms = Files.list(PLATFORM)) {
            return new TreeSet<>(rooms.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()).toList());
        }
    }

    private static boolean reaches(Map<String, Set<String>> map, String from, String target, Set<String> seen) {
        for (String next : map.get(from)) {
            if (next.equals(target) || (seen.add(next) && reaches(map, next, target, seen))) {
                return true;
            }
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
