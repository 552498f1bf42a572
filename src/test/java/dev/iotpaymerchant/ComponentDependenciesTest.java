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
     * Each component is boundary, control and entity; {@code platform} also holds {@code work}, the
     * one due-work mechanism (claims, leases, the work clock, the loop and its timers: ADR 0009), and
     * {@code http}, the one bounded outgoing exchange.
     */
    @Test
    void everyComponentIsBoundaryControlAndEntityAndPlatformAlsoHoldsTheDueWork() throws IOException {
        List<String> strays = new ArrayList<>();
        for (String component : ALLOWED.keySet()) {
            try (Stream<Path> layers = Files.list(MAIN.resolve(component))) {
                layers.filter(Files::isDirectory).map(dir -> component + "/" + dir.getFileName())
                        .filter(layer -> !layer.matches("[a-z]+/(boundary|control|entity)|platform/(work|http)"))
                        .forEach(strays::add);
            }
        }
        assertTrue(strays.isEmpty(), "packages outside boundary/control/entity (and platform/work, platform/http): " + strays);
        assertTrue(Files.isDirectory(MAIN.resolve("platform/work")), "the due-work mechanism lives in platform/work");
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
        Pattern http = Pattern.compile("^import (?:static )?(dev\\.iotpaymerchant\\.[a-z]+\\.boundary\\.[A-Za-z.]+"
                + "|jakarta\\.ws\\.rs\\.(?:core\\.Response|WebApplicationException|[A-Za-z]*Exception)[A-Za-z.]*);",
                Pattern.MULTILINE);
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(file -> file.toString().endsWith(".java"))
                    // platform/work (the due-work loop, its claims, leases and timers) is control code too
                    .filter(file -> file.getParent().getFileName().toString().matches("control|entity|work"))
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
            assertTrue(!reaches(component, component, new TreeSet<>()), component + " depends on itself through others");
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

    private static boolean reaches(String from, String target, Set<String> seen) {
        for (String next : ALLOWED.get(from)) {
            if (next.equals(target) || (seen.add(next) && reaches(next, target, seen))) {
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
