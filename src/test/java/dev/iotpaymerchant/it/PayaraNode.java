package dev.iotpaymerchant.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Payara Micro process that a test starts, kills with SIGKILL and restarts itself, for what a
 * single Arquillian deployment cannot show: several nodes on one database, and crashes.
 */
final class PayaraNode implements AutoCloseable {

    private static final Path MICRO = Path.of(System.getProperty("payara.microJar", "target/it/payara-micro.jar"));

    private final String name;
    private final Path war;
    private final int port;
    private final Map<String, String> environment;
    private final List<String> options;
    private Process process;

    PayaraNode(String name, Path war, int port, Map<String, String> environment, List<String> options) {
        this.name = name;
        this.war = war;
        this.port = port;
        this.environment = environment;
        this.options = options;
    }

    /** Writes a test WAR where the nodes of a cluster test deploy it from. */
    static Path export(org.jboss.shrinkwrap.api.spec.WebArchive war, String name) throws IOException {
        Path file = Path.of("target/it/" + name + ".war");
        Files.createDirectories(file.getParent());
        war.as(org.jboss.shrinkwrap.api.exporter.ZipExporter.class).exportTo(file.toFile(), true);
        return file;
    }

    /** Starts the node with a fresh log (for tests that read it), failing the test if it does not start. */
    static void startFresh(PayaraNode node) {
        try {
            Files.deleteIfExists(node.log());
            node.start();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(node.name + " did not start", e);
        }
    }

    String base() {
        return "http://localhost:" + port;
    }

    Path log() {
        return Path.of("target/it/" + name + ".log");
    }

    /** Starts the node and waits until Payara says it is ready (or fails the test). */
    PayaraNode start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", MICRO.toString(), "--deploy", war.toString(), "--port", String.valueOf(port),
                "--nocluster", "--nohazelcast",
                // every level of the application's log, so the "key never logged" check sees FINE lines too
                "--logProperties", Path.of("src/test/resources/it-logging.properties").toAbsolutePath().toString()));
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear(); // exactly the given environment: a test may leave a setting out
        builder.environment().putAll(environment);
        process = builder.start();
        CountDownLatch ready = new CountDownLatch(1);
        Files.createDirectories(log().getParent());
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log(), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true);
        Process started = process;
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.println(line);
                    if (line.contains("Payara Micro") && line.contains("ready in")) {
                        ready.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            } finally {
                out.close();
            }
        }, name + "-output");
        pump.setDaemon(true);
        pump.start();
        // 240 s unless told (-Dit.node.startup-seconds): four nodes starting on a busy 2-core machine take longer
        if (!ready.await(Long.getLong("it.node.startup-seconds", 240), TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError(name + " did not start; see " + log());
        }
        return this;
    }

    /** SIGKILL: no shutdown hooks, no clean undeploy, like a crash. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
