package dev.iotpaymerchant.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/** The WAR that `mvn package` builds for production: our classes only, no sandbox, no libraries, no secrets. */
class ProductionWarIT {

    private static final Path WAR = Path.of("target/iotpay-merchant.war");

    @Test
    void holdsNoSandboxTestCodeOrServerLibraries() throws IOException {
        assertTrue(Files.exists(WAR), "mvn package builds " + WAR);
        try (ZipFile war = new ZipFile(WAR.toFile())) {
            List<String> names = war.stream().map(ZipEntry::getName).toList();
            assertTrue(names.contains("WEB-INF/classes/dev/iotpaymerchant/notifications/boundary/NotifyResource.class"));
            assertFalse(names.stream().anyMatch(name -> name.contains("/sandbox/")), "sandbox classes");
            assertFalse(names.stream().anyMatch(name -> name.contains("itsupport") || name.endsWith("IT.class")
                    || name.endsWith("Test.class")), "test classes");
            List<String> libraries = names.stream().filter(name -> name.startsWith("WEB-INF/lib/") && !name.endsWith("/")).toList();
            // core-*.jar is zxing's QR encoder (orders.control.QrCode)
            assertTrue(libraries.stream().allMatch(name -> name.matches("WEB-INF/lib/(flyway|jackson|nimbus-jose-jwt|core)-.*\\.jar")),
                    "only the schema migrations, the token verifier and the QR encoder, no server libraries: " + libraries);
            assertEquals(1, libraries.stream().filter(name -> name.contains("/jackson-"))
                    .map(name -> name.replaceAll(".*-([0-9.]+)\\.jar", "$1")).distinct().count(),
                    "one Jackson version, whatever the test tools bring: " + libraries);
            assertFalse(names.stream().anyMatch(name -> name.contains("META-INF/services/org.eclipse.microprofile.config")),
                    "the sandbox's configuration defaults");
        }
    }

    @Test
    void carriesTheConsoleWithEveryAssetInside() throws IOException {
        try (ZipFile war = new ZipFile(WAR.toFile())) {
            List<? extends ZipEntry> console = war.stream().filter(entry -> entry.getName().startsWith("console/") && !entry.isDirectory()).toList();
            List<String> names = console.stream().map(ZipEntry::getName).toList();
            assertTrue(names.containsAll(List.of("console/index.html", "console/console.css", "console/js/app.js")), names.toString());
            for (ZipEntry entry : console) {
                String text = new String(war.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                assertFalse(text.matches("(?s).*(src|href)=\"(https?:)?//.*"), entry.getName() + " loads something from the internet");
                assertFalse(text.matches("(?s).*\\bimport\\s[^;]*from\\s*'(https?:)?//.*"), entry.getName() + " imports from the internet");
                assertFalse(text.contains("innerHTML") || text.contains("insertAdjacentHTML") || text.contains("document.write"),
                        entry.getName() + " turns text into markup");
                if (entry.getName().endsWith(".html")) {
                    assertFalse(text.matches("(?s).*<script(?![^>]*\\bsrc=)[^>]*>.*"), "no inline script in " + entry.getName());
                    assertFalse(text.contains(" style=") || text.contains(" onclick="), "no inline style or handler in " + entry.getName());
                }
            }
        }
    }

    @Test
    void carriesNoMerchantKey() throws IOException {
        String key = System.getenv("IOTPAY_MCH_KEY");
        try (ZipFile war = new ZipFile(WAR.toFile())) {
            for (ZipEntry entry : war.stream().toList()) {
                String text = new String(war.getInputStream(entry).readAllBytes(), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(key), entry.getName());
                assertFalse(text.contains("mch-key="), entry.getName() + " sets a merchant key");
            }
        }
    }

    @Test
    void servesAtTheRootContextOnPayaraAndWildFlyUnlessTheDeploymentSaysOtherwise() throws IOException {
        // Payara's deploy --contextroot and Payara Micro's --contextroot win over payara-web.xml; on WildFly
        // jboss-web.xml wins over the runtime name, so it reads the system property (ADR 0016).
        Map<String, String> roots = Map.of("WEB-INF/payara-web.xml", "<context-root>/</context-root>",
                "WEB-INF/jboss-web.xml", "<context-root>${iotpay.context-root:/}</context-root>");
        try (ZipFile war = new ZipFile(WAR.toFile())) {
            for (Map.Entry<String, String> root : roots.entrySet()) {
                String xml = new String(war.getInputStream(war.getEntry(root.getKey())).readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(1, xml.split(Pattern.quote(root.getValue()), -1).length - 1, root.getKey());
            }
        }
    }

    /** ADR 0015: the reference jdbc/iotpay, mapped on each server; nothing in the WAR names the server's default. */
    @Test
    void usesADatasourceOfItsOwnNeverTheServersDefault() throws IOException {
        try (ZipFile war = new ZipFile(WAR.toFile())) {
            for (var entry : java.util.Collections.list(war.entries())) {
                String text = new String(war.getInputStream(entry).readAllBytes(), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains("DefaultDataSource") || text.contains("jdbc/__default") || text.contains("ExampleDS"),
                        entry.getName() + " names the server's default datasource");
            }
            assertTrue(read(war, "WEB-INF/web.xml").contains("<res-ref-name>jdbc/iotpay</res-ref-name>"));
            assertTrue(read(war, "WEB-INF/payara-web.xml").contains("<jndi-name>jdbc/iotpay</jndi-name>"));
            assertTrue(read(war, "WEB-INF/jboss-web.xml").contains("<jndi-name>java:jboss/datasources/IotPayDS</jndi-name>"));
            assertTrue(read(war, "WEB-INF/classes/META-INF/persistence.xml").contains("<jta-data-source>jdbc/iotpay</jta-data-source>"));
            assertTrue(read(war, "WEB-INF/classes/META-INF/orm.xml").contains("FOR UPDATE"), "the notification's lock query ships");
        }
    }

    private static String read(ZipFile war, String name) throws IOException {
        return new String(war.getInputStream(war.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
    }
}
