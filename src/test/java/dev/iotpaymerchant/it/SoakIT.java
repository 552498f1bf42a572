package dev.iotpaymerchant.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A randomized cluster run (issue #32): three merchant nodes on one PostgreSQL database, the sandbox
 * gateway on a node of its own, a webhook receiver, and a seeded random stream of checkouts,
 * payments (some paid twice; notified at once, late or never), refunds, cancels and gateway faults
 * ({@link SoakOperations}) while merchant nodes are SIGKILLed and started again at random moments.
 * Then it runs until quiet, driving the nodes' clocks, sweeps and dispatchers, and compares the books
 * with the gateway's ({@link SoakBooks}). "Never delivered twice at once" is judged up to the quiet phase's
 * first clock jump: a jump of {@link #STEP} passes every lease at once, as if every node had stalled that
 * long, and a delivery in flight across it may then be repeated at once by another node, which is what
 * at-least-once delivery allows and what no lease can prevent (ADR 0009).
 *
 * <p>Its seed is printed at the start and with every failure; {@code -Dsoak.seed=N} replays the
 * stream (the moments of the kills and the interleaving of the nodes' own work still differ from run
 * to run). {@code -Dsoak.minutes=N} (default 3, the fixed budget of the PostgreSQL suite that {@code .ci/run}
 * runs) runs the stream longer. The whole run, boots included, is printed at the end.
 */
@EnabledIfSystemProperty(named = "it.database", matches = "postgresql")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SoakIT {

    private static final long SEED = Long.getLong("soak.seed", ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    private static final Duration BUDGET = Duration.ofSeconds(Math.round(60 * Double.parseDouble(System.getProperty("soak.minutes", "3"))));
    private static final int WORKERS = 3;
    /** Rows of this run carry it: the database may hold other tests' rows (CI's suite shares one). */
    private static final String SUBJECT = "Soak " + SEED + " " + Instant.now().getEpochSecond();
    /** How far the nodes' clocks move per round once the stream has stopped: past leases, retries and expiries. */
    private static final Duration STEP = Duration.ofMinutes(5);

    private static SoakCluster cluster;
    private static SoakOperations operations;
    private static SoakBooks books;
    private static long began;
    /** When the quiet phase first moved the nodes' clocks ({@code System.nanoTime()}); until then time runs as in production. */
    private static long firstJump = Long.MAX_VALUE;

    @RegisterExtension
    static final TestWatcher SEED_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.out.println("Soak: " + context.getDisplayName() + " failed with seed " + SEED + "; replay with -Dsoak.seed=" + SEED);
        }
    };

    @BeforeAll
    static void startCluster() throws Exception {
        began = System.nanoTime();
        System.out.println("Soak: seed " + SEED + " (replay with -Dsoak.seed=" + SEED + "), " + BUDGET.toSeconds() + " s of operations");
        cluster = new SoakCluster();
        operations = new SoakOperations(cluster, SUBJECT);
        books = new SoakBooks(SUBJECT);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
            cluster.log("the whole run, boots included, took " + Duration.ofNanos(System.nanoTime() - began).toSeconds() + " s");
        }
    }

    @Test
    @Order(1)
    void aRandomStreamOnCrashingNodesEndsQuietWithEveryAnswerOneTheContractGives() throws Exception {
        long started = System.nanoTime();
        long deadline = started + BUDGET.toNanos();
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            Random random = new Random(SEED * 1_000_003L + i);
            workers.add(CompletableFuture.runAsync(() -> operations.work(random, deadline)));
        }
        Random chaos = new Random(SEED ^ 0x5DEECE66DL);
        while (System.nanoTime() < deadline - Duration.ofSeconds(15).toNanos()) {
            Backend.pause(10_000 + chaos.nextInt(25_000));
            if (System.nanoTime() < deadline) {
                cluster.crash(chaos, chaos.nextInt(5_000));
            }
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
        cluster.log("the stream stopped after " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s: " + operations.counts());
        cluster.allUp();

        long quietAfter = untilQuiet(Duration.ofMinutes(10));
        cluster.log("quiet after " + quietAfter + " rounds; the whole run took "
                + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
        assertEquals(0, books.unsettled(), seeded("rows still moving after the quiet phase"));
        assertEquals(List.of(), operations.anomalies(), seeded("answers no client should get"));
    }

    @Test
    @Order(2)
    void everyPaymentTheGatewayTookIsPaidOnceOrGivenBackAndEveryRefundIsRecordedOnce() throws Exception {
        List<jakarta.json.JsonObject> gateway = SoakBooks.gatewayBooks(cluster.gateway.base(), SUBJECT);
        long took = gateway.stream().filter(o -> o.getInt("status") == 2 || o.getInt("status") == 3).count();
        long refunds = gateway.stream().mapToLong(o -> o.getJsonArray("refunds").size()).sum();
        cluster.log("the gateway holds " + gateway.size() + " orders of this run, " + took + " paid, " + refunds + " refunds");
        assertEquals(List.of(), books.againstGateway(gateway), seeded("the books and the gateway disagree"));
    }

    @Test
    @Order(3)
    void everyEventReachedEachObserverMethodAndTheWebhookAndNeverTwiceAtOnce() throws Exception {
        cluster.log(books.events().size() + " events; " + cluster.receiver.all().size() + " webhook requests");
        assertEquals(List.of(), books.deliveries(cluster.witness, cluster.receiver, firstJump), seeded("deliveries"));
    }

    @Test
    @Order(4)
    void theSelfAuditReportsNothing() throws Exception {
        Optional<List<String>> findings = selfAuditFindings();
        Assumptions.assumeTrue(findings.isPresent(), "the self-audit (POST /api/console/audit) is not in this build yet");
        assertEquals(List.of(), findings.get(), seeded("the self-audit's findings"));
    }

    /**
     * The self-audit's findings about this run's orders and checkouts (issue #32, section 4: {@code POST
     * /api/console/audit} runs it at once on one node and answers that run's findings), one line each; empty
     * when this build has no self-audit (404), and the test above is then skipped. Findings about other rows
     * are printed, not asserted: in CI the database is shared with the rest of the suite, whose tests leave
     * orders behind with nobody to sweep them.
     */
    private static Optional<List<String>> selfAuditFindings() throws java.sql.SQLException {
        HttpResponse<String> audit = Backend.postTo(cluster.nodes.get(0).base(), "/api/console/audit", null, "");
        if (audit.statusCode() == 404 || audit.statusCode() == 405) {
            return Optional.empty();
        }
        assertEquals(200, audit.statusCode(), audit.body());
        java.util.Set<String> mine = books.keys();
        List<String> about = new ArrayList<>();
        for (jakarta.json.JsonObject finding : Backend.json(audit).getJsonArray("findings").getValuesAs(jakarta.json.JsonObject.class)) {
            String subject = finding.getString("subject", "");
            String number = finding.getString("mchOrderNo", "");
            String line = finding.getString("invariant") + " " + subject + " " + number + ": " + finding.getString("detail", "");
            if (mine.contains(number) || mine.stream().anyMatch(subject::contains)) {
                about.add(line);
            } else {
                cluster.log("the self-audit found, about rows of other tests: " + line);
            }
        }
        return Optional.of(about);
    }

    /**
     * Rounds of: every node dispatches; when something still moves, every node's clock moves {@link #STEP}
     * on and each sweeps and dispatches. Real time passes too (the gateway's late notifications, a few
     * seconds' refunds). Returns the number of rounds it took.
     */
    private static int untilQuiet(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        int rounds = 0;
        Backend.pause(2_000);
        while (System.nanoTime() < deadline) {
            rounds++;
            for (PayaraNode node : cluster.nodes) {
                Backend.dispatch(node.base());
            }
            if (books.unsettled() == 0 && rounds > 10) {
                return rounds;
            }
            if (firstJump == Long.MAX_VALUE) {
                firstJump = System.nanoTime();
                cluster.log("the nodes' clocks move " + STEP.toMinutes() + " min a round from now; deliveries at once are judged before this");
            }
            for (PayaraNode node : cluster.nodes) {
                Backend.advanceClock(node.base(), STEP);
            }
            for (PayaraNode node : cluster.nodes) {
                Backend.sweep(node.base());
                Backend.dispatch(node.base());
            }
            Backend.pause(1_000);
        }
        return rounds;
    }

    private static String seeded(String what) {
        return what + " (seed " + SEED + ", replay with -Dsoak.seed=" + SEED + "); nodes: " + cluster.history();
    }
}
