package dev.iotpaymerchant.it;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The soak test's cluster: G, a Payara Micro node hosting the sandbox gateway (its sweep and
 * dispatcher off), three merchant nodes N1 to N3 on one PostgreSQL database whose timers run every
 * second or two, the shop's webhook receiver and the observers' witness, on ports 18331 to 18336.
 * Each merchant node is IOTPay's notify address for the orders it creates, so a notification to a
 * node that is down is retried by the gateway and then lost, as with IOTPay. Nodes are SIGKILLed and
 * started again while the test runs. N3's machine clock is {@link #SKEW_SECONDS} ahead of the others'
 * (issue #30, point 10: leases and due times are the database's time, so a node whose clock is wrong
 * neither takes rows another still holds nor finds work due early).
 */
final class SoakCluster implements AutoCloseable {

    static final int GATEWAY_PORT = 18331;
    static final int RECEIVER_PORT = 18335;
    static final int WITNESS_PORT = 18336;
    /**
     * How far N3's machine clock is ahead, as {@code DeliveryClusterIT} runs a node: longer than the lease of a
     * one-event webhook claim (25 s: 5 s to start, the 10 s deadline and 10 s to record), so a node that trusted its own clock would take events another still sends.
     */
    static final int SKEW_SECONDS = 30;

    final WebhookReceiver receiver;
    final ObserverWitness witness;
    final PayaraNode gateway;
    final List<PayaraNode> nodes = new ArrayList<>();
    private final Set<PayaraNode> up = ConcurrentHashMap.newKeySet();
    private final Map<PayaraNode, CompletableFuture<Void>> restarts = new ConcurrentHashMap<>();
    private final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());

    SoakCluster() throws Exception {
        receiver = new WebhookReceiver(RECEIVER_PORT);
        // Each answer takes up to 400 ms: a node that took an event another node still holds (#30 point 10) is then
        // seen sending it at the same time, not only when the other's try happens to be a slow one.
        receiver.thinkUpTo(400);
        witness = new ObserverWitness(WITNESS_PORT);
        String common = "webhooks.url=" + WebhookReceiver.url(RECEIVER_PORT) + "\n"
                + "webhooks.secret=" + WebhookReceiver.SECRET + "\n"
                // A shop that answers slowly takes 3 s (WebhookReceiver.Mode.HANG): well within the deadline, and the
                // first try again comes 5 s after a failed one. So only a machine stalled for over 12 s, or two
                // senders, can make the receiver see one event twice at once; on a busy 2-core CI machine a 5 s
                // deadline with a retry 2 s later made a stall of 4 s look like two senders.
                + "webhooks.timeout-ms=10000\n"
                + "webhooks.retry-schedule-seconds=5,10,30,60,120,300,600,1200,3600\n"
                + "orders.expire-after-seconds=900\n"
                + "checkouts.expire-after-seconds=600\n"
                + "refunds.settle-watch-hours=1\n"
                + "it.witness-url=" + ObserverWitness.url(WITNESS_PORT) + "\n";
        Path gatewayWar = PayaraNode.export(Backend.war(common + "orders.reconcile.interval-seconds=100000\n"
                + "events.dispatch-interval-seconds=100000\n"), "soak-gateway");
        Path nodeWar = PayaraNode.export(Backend.war(common + "orders.reconcile.interval-seconds=2\n"
                + "orders.reconcile.after-seconds=5\nevents.dispatch-interval-seconds=1\n"), "soak-node");
        List<String> postgres = List.of("--addLibs", new File("target/it/postgresql.jar").getAbsolutePath(),
                "--postbootcommandfile", new File("server-config/payara-micro/postgresql.asadmin").getAbsolutePath());
        Map<String, String> gatewayEnv = environment("soak-gateway", GATEWAY_PORT);
        // IOTPay tries a notification again a few times over a minute; a node restarting may still get it.
        gatewayEnv.put("SANDBOX_NOTIFY_RETRY_SECONDS", "2,5,10,20,30");
        gateway = new PayaraNode("soak-gateway", gatewayWar, GATEWAY_PORT, gatewayEnv, postgres);
        for (int i = 1; i <= 3; i++) {
            int port = GATEWAY_PORT + i;
            Map<String, String> env = environment("soak-n" + i, port);
            if (i == 3) {
                env.put("IT_CLOCK_SKEW_SECONDS", String.valueOf(SKEW_SECONDS));
            }
            nodes.add(new PayaraNode("soak-n" + i, nodeWar, port, env, postgres));
        }
        List<CompletableFuture<Void>> starting = new ArrayList<>();
        starting.add(CompletableFuture.runAsync(() -> PayaraNode.startFresh(gateway)));
        for (PayaraNode node : nodes) {
            starting.add(CompletableFuture.runAsync(() -> {
                PayaraNode.startFresh(node);
                up.add(node);
            }));
        }
        try {
            CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException failed) {
            close();
            throw failed;
        }
    }

    private static Map<String, String> environment(String name, int port) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("IOTPAY_API_URL", "http://localhost:" + GATEWAY_PORT + "/sandbox/v1");
        env.put("IOTPAY_NOTIFY_URL", "http://localhost:" + port + "/api/notify");
        env.put("IT_NODE_NAME", name);
        return env;
    }

    /** A merchant node that is up now (it may be killed a moment later), chosen by {@code random}. */
    PayaraNode anyUp(Random random) {
        List<PayaraNode> running = nodes.stream().filter(up::contains).toList();
        if (running.isEmpty()) {
            throw new IllegalStateException("no merchant node is up");
        }
        return running.get(random.nextInt(running.size()));
    }

    int upCount() {
        return (int) nodes.stream().filter(up::contains).count();
    }

    /** SIGKILLs a node that is up, if another stays up, and starts it again after {@code downMillis} in the background. */
    void crash(Random random, long downMillis) throws InterruptedException {
        if (upCount() < 2) {
            return;
        }
        PayaraNode victim = anyUp(random);
        up.remove(victim);
        victim.kill();
        witness.killed(nameOf(victim));
        log("killed " + nameOf(victim));
        restarts.put(victim, CompletableFuture.runAsync(() -> {
            Backend.pause(downMillis);
            try {
                victim.start();
                up.add(victim);
                log("restarted " + nameOf(victim));
            } catch (Exception e) {
                throw new IllegalStateException(nameOf(victim) + " did not start again", e);
            }
        }));
    }

    /** Waits for every restart under way, then starts any node that is still down: all three are up after. */
    void allUp() throws Exception {
        for (CompletableFuture<Void> restart : restarts.values()) {
            try {
                restart.join();
            } catch (RuntimeException failed) {
                log("a restart failed: " + failed);
            }
        }
        for (PayaraNode node : nodes) {
            if (!up.contains(node)) {
                node.start();
                up.add(node);
            }
        }
    }

    String nameOf(PayaraNode node) {
        return "soak-n" + (nodes.indexOf(node) + 1);
    }

    /** What happened to the nodes, with the time, for the report of a failing run. */
    void log(String what) {
        String line = java.time.Instant.now() + " " + what;
        events.add(line);
        System.out.println("Soak: " + line);
    }

    List<String> history() {
        return List.copyOf(events);
    }

    @Override
    public void close() throws Exception {
        for (PayaraNode node : nodes) {
            node.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        receiver.close();
        witness.close();
    }
}
