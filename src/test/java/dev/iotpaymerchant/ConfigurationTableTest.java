package dev.iotpaymerchant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.platform.settings.ComponentSettings;
import dev.iotpaymerchant.platform.settings.ConfiguredNode;
import dev.iotpaymerchant.platform.settings.Setting;

/**
 * docs/configuration.md and the code say the same about every setting: each key a component
 * declares ({@link Setting}, in its {@link ComponentSettings}) is in one of the page's tables, each
 * key there is declared, and both give the same environment variable, default, secrecy and whether
 * the setting is always required. The components' settings are found in the compiled classes, so a
 * new one cannot be forgotten here.
 */
class ConfigurationTableTest {

    private static final Path PAGE = Path.of("docs/configuration.md");
    private static final String NONE = "—";

    @Test
    void everyDeclaredSettingIsDocumentedAsDeclaredAndNothingElseIs() throws IOException {
        Map<String, Setting> declared = declared();
        Map<String, Row> documented = documented();
        List<String> problems = new ArrayList<>();
        for (Setting setting : declared.values()) {
            Row row = documented.get(setting.key());
            if (row == null) {
                problems.add(setting.key() + ": declared by " + setting.component() + " but not in " + PAGE);
                continue;
            }
            compare(problems, setting.key(), "environment variable", setting.environmentVariable(), row.environmentVariable());
            compare(problems, setting.key(), "default", setting.defaultValue() == null ? NONE : setting.defaultValue(), row.defaultValue());
            compare(problems, setting.key(), "secret", setting.secret() ? "yes" : "no", row.secret());
            compare(problems, setting.key(), "meaning starts with \"required\"", setting.required(), row.meaning().startsWith("required"));
        }
        for (String key : documented.keySet()) {
            if (!declared.containsKey(key)) {
                problems.add(key + ": in " + PAGE + " but declared by no component");
            }
        }
        assertEquals(List.of(), problems, "docs/configuration.md and the declared settings differ");
    }

    @Test
    void theUnitTestsSeeEveryComponentsSettings() {
        Set<String> wired = new ConfiguredNode(Map.of()).components().stream().map(c -> c.getClass().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> found = componentSettings().stream().map(c -> c.getClass().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(found, wired, "ConfiguredNode wires every ComponentSettings, so SettingsTest checks them all");
    }

    private static void compare(List<String> problems, String key, String what, Object code, Object page) {
        if (!code.equals(page)) {
            problems.add(key + ": " + what + " is " + code + " in the code but " + page + " in " + PAGE);
        }
    }

    /** Every declared setting by key; a key declared twice fails. */
    private static Map<String, Setting> declared() {
        Map<String, Setting> byKey = new LinkedHashMap<>();
        for (ComponentSettings component : componentSettings()) {
            for (Setting setting : component.declared()) {
                Setting before = byKey.put(setting.key(), setting);
                if (before != null) {
                    throw new AssertionError(setting.key() + " is declared by " + before.component() + " and again by "
                            + setting.component());
                }
            }
        }
        assertTrue(byKey.size() > 30, "found the declared settings: " + byKey.keySet());
        return byKey;
    }

    /** One instance of each class in the production classes that implements ComponentSettings. */
    static List<ComponentSettings> componentSettings() {
        try {
            Path classes = Path.of(Setting.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (Stream<Path> files = Files.walk(classes)) {
                List<ComponentSettings> found = new ArrayList<>();
                for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                    String name = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".")
                            .replaceAll("\\.class$", "");
                    Class<?> type = Class.forName(name, false, ConfigurationTableTest.class.getClassLoader());
                    if (ComponentSettings.class.isAssignableFrom(type) && !type.isInterface()) {
                        Constructor<?> forCdi = type.getDeclaredConstructor();
                        forCdi.setAccessible(true);
                        found.add((ComponentSettings) forCdi.newInstance());
                    }
                }
                return found;
            }
        } catch (IOException | URISyntaxException | ReflectiveOperationException e) {
            throw new IllegalStateException("Could not list the compiled classes: " + e, e);
        }
    }

    /** A row of one of the page's settings tables, as written (code marks and bold removed). */
    record Row(String environmentVariable, String defaultValue, String secret, String meaning) {
    }

    /** Every row of every table whose header starts with "key", by key; a key documented twice fails. */
    private static Map<String, Row> documented() throws IOException {
        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> header = null;
        for (String line : Files.readAllLines(PAGE)) {
            if (!line.startsWith("|")) {
                header = null;
                continue;
            }
            List<String> cells = cells(line);
            if (header == null) {
                header = cells;
                continue;
            }
            if (!header.get(0).equals("key") || cells.get(0).matches("-+")) {
                continue;
            }
            assertTrue(header.containsAll(List.of("environment variable", "default", "secret")),
                    "a settings table in " + PAGE + " gives key, environment variable, default and secret: " + header);
            String key = cells.get(0);
            Row row = new Row(cells.get(header.indexOf("environment variable")), cells.get(header.indexOf("default")),
                    cells.get(header.indexOf("secret")), cells.get(header.size() - 1));
            assertTrue(rows.put(key, row) == null, key + " is documented twice in " + PAGE);
        }
        return rows;
    }

    private static List<String> cells(String line) {
        String inner = line.strip().replaceAll("^\\|", "").replaceAll("\\|$", "");
        return Arrays.stream(inner.split("\\|", -1))
                .map(cell -> cell.strip().replace("**", ""))
                .map(cell -> cell.matches("`[^`]*`") ? cell.substring(1, cell.length() - 1) : cell)
                .toList();
    }
}
