package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.assertAcknowledged;
import static dev.iotpaymerchant.it.Backend.assertProblem;
import static dev.iotpaymerchant.it.Backend.createCallsAtGateway;
import static dev.iotpaymerchant.it.Backend.deliver;
import static dev.iotpaymerchant.it.Backend.json;
import static dev.iotpaymerchant.it.Backend.paidNotification;
import static dev.iotpaymerchant.it.Backend.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * api.auth=jwt: every /api call but /api/notify needs a bearer token the server's MicroProfile JWT
 * verified against the tests' own identity provider (a JWKS file); subjects own their orders;
 * operators see everyone's; creating orders and reading are rate limited per caller, long-polls are shared
 * out per caller, and the log of refused notifications per sending address.
 */
@ExtendWith(ArquillianExtension.class)
class AuthenticationIT {

    private static final Tokens TOKENS = new Tokens(Path.of("target/it/jwks.json"));
    private static final int RATE = 60;
    private static final int READS = 150;
    private static final int WAITS_PER_CALLER = 2; // of the node's 3 (ORDERS_MAX_WAITING in the pom)
    private static final int REFUSALS = 30;
    private static final int REFUSALS_PER_SOURCE = 10;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Backend.war("api.auth=jwt\n"
                + "mp.jwt.verify.publickey.location=" + TOKENS.jwksLocation() + "\n"
                + "mp.jwt.verify.issuer=" + Tokens.ISSUER + "\n"
                + "mp.jwt.verify.audiences=" + Tokens.AUDIENCE + "\n"
                + "orders.create-rate-per-minute=" + RATE + "\n"
                + "api.read-rate-per-minute=" + READS + "\n"
                + "orders.max-waiting-per-caller=" + WAITS_PER_CALLER + "\n"
                // the tests' own requests are the proxy, so X-Forwarded-For names a notification's sender
                + "http.trusted-proxies=127.0.0.1,0:0:0:0:0:0:0:1\n"
                + "notifications.refused-log-per-minute=" + REFUSALS + "\n"
                + "notifications.refused-log-per-source-per-minute=" + REFUSALS_PER_SOURCE + "\n");
    }

    // ---- who gets in ---------------------------------------------------------------------------

    /** Each refusal with the reason it must give (RFC 6750 error_description); none without a bearer token. */
    static Stream<Arguments> refusedTokens() {
        long now = Instant.now().getEpochSecond();
        return Stream.of(
                Arguments.of("no token", null, null),
                Arguments.of("another scheme", "Basic YWxpY2U6c2VjcmV0", null),
                Arguments.of("expired", "Bearer " + TOKENS.with("alice", c -> c
                        .issueTime(Date.from(Instant.ofEpochSecond(now - 7200)))
                        .expirationTime(Date.from(Instant.ofEpochSecond(now - 3600)))), "token expired"),
                Arguments.of("not yet valid", "Bearer " + TOKENS.with("alice", c -> c
                        .notBeforeTime(Date.from(Instant.ofEpochSecond(now + 3600)))
                        .expirationTime(Date.from(Instant.ofEpochSecond(now + 7200)))), "not yet valid"),
                Arguments.of("wrong issuer", "Bearer " + TOKENS.with("alice", c -> c.issuer("https://evil.test")), "wrong issuer"),
                Arguments.of("wrong audience", "Bearer " + TOKENS.with("alice", c -> c.audience("another-api")), "wrong audience"),
                Arguments.of("another app's operator", "Bearer " + TOKENS.with("mallory", c -> c.audience("shop-admin")
                        .claim("groups", List.of("operator"))), "wrong audience"),
                Arguments.of("no audience", "Bearer " + TOKENS.with("alice", c -> c.audience((String) null)), "wrong audience"),
                Arguments.of("unknown key id", "Bearer " + TOKENS.withKeyId("rotated-away", "alice"), "unknown signing key"),
                Arguments.of("bad signature", "Bearer " + TOKENS.signedByAStranger("alice"), "signature invalid"),
                Arguments.of("alg none", "Bearer " + TOKENS.unsigned("alice"), "algorithm not allowed"),
                Arguments.of("HS256 with the public key", "Bearer " + TOKENS.hmacWithThePublicKey("alice"), "algorithm not allowed"),
                Arguments.of("a Keycloak ID token for our audience", "Bearer " + TOKENS.with("alice", c -> c.claim("typ", "ID")
                        .claim("azp", "shop-app").claim("nonce", "n-0S6_WzA2Mj").claim("at_hash", "77QmUPtjPfzWtF2AnpK9RQ")),
                        "an ID token, not an access token"),
                Arguments.of("garbage", "Bearer not.a.token", "malformed"),
                Arguments.of("no subject", "Bearer " + TOKENS.with("alice", c -> c.subject(null)), "malformed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void aCallWithoutAValidTokenIsA401ProblemThatSaysWhy(String why, String authorization, String reason) {
        for (HttpRequest.Builder request : List.of(
                request("/api/orders", authorization).GET(),
                request("/api/orders/MOnonexistent000000000", authorization).GET(),
                request("/api/pay?channelid=WX_APP&amount=1.00", authorization).GET(),
                request("/api/orders", authorization).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"channelId\":\"WX_APP\",\"amount\":100}")))) {
            HttpResponse<String> refused = send(request);
            JsonObject problem = assertProblem(refused, 401);
            List<String> challenges = refused.headers().allValues("WWW-Authenticate");
            if (reason == null) {
                assertEquals(List.of("Bearer"), challenges, why + ": no error without a token (RFC 6750 3.1)");
                assertFalse(problem.containsKey("reason"), problem.toString());
            } else {
                assertEquals(List.of("Bearer error=\"invalid_token\", error_description=\"" + reason + "\""), challenges, why);
                assertEquals(reason, problem.getString("reason"), why);
                assertTrue(problem.getString("detail").startsWith("The bearer token was refused: " + reason + "."), problem.toString());
            }
        }
    }

    @Test
    void tokensNamingTheirKeyAreAccepted() {
        HttpResponse<String> list = get("/api/orders", TOKENS.withKeyId("it-key", "nina"));
        assertEquals(200, list.statusCode(), list.body());
        assertEquals(200, get("/api/orders", TOKENS.withKeyId(null, "nina")).statusCode(), "no kid: every RSA key is tried");
        assertEquals(200, get("/api/orders", TOKENS.with("nina", c -> c.claim("typ", "Bearer").claim("azp", "shop-app")))
                .statusCode(), "a Keycloak access token (typ Bearer)");
    }

    @Test
    void aSubjectOwnsTheOrdersItCreatesAndNobodyElseSeesThem() {
        JsonObject order = create("alice-" + UUID.randomUUID(), 1100);
        String number = order.getString("mchOrderNo");
        String owner = order.getString("owner");
        assertEquals(200, get("/api/orders/" + number, TOKENS.valid(owner)).statusCode());
        JsonObject hidden = assertProblem(get("/api/orders/" + number, TOKENS.valid("bob")), 404);
        JsonObject unknown = assertProblem(get("/api/orders/MOnonexistent000000000", TOKENS.valid("bob")), 404);
        assertEquals(unknown.getString("detail"), hidden.getString("detail"), "another's order looks like no order");
        assertEquals(200, get("/api/orders/" + number, TOKENS.valid("ops", "operator")).statusCode());
    }

    @Test
    void es256TokensAreAcceptedToo() {
        HttpResponse<String> list = get("/api/orders", TOKENS.validEs256("kate"));
        assertEquals(200, list.statusCode(), list.body());
    }

    @Test
    void theOwnerComesFromTheTokenNeverFromTheBody() {
        HttpResponse<String> smuggled = send(request("/api/orders", "Bearer " + TOKENS.valid("carol", "merchant"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"channelId\":\"WX_APP\",\"amount\":100,\"owner\":\"dave\"}")));
        assertProblem(smuggled, 400);
    }

    @Test
    void idempotencyKeysBelongToTheirCaller() {
        String key = UUID.randomUUID().toString();
        String body = "{\"channelId\":\"WX_APP\",\"amount\":1200}";
        HttpResponse<String> first = send(request("/api/orders", "Bearer " + TOKENS.valid("erin", "merchant"))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        HttpResponse<String> other = send(request("/api/orders", "Bearer " + TOKENS.valid("frank", "merchant"))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(201, first.statusCode(), first.body());
        assertEquals(201, other.statusCode(), other.body());
        assertNotEquals(json(first).getString("mchOrderNo"), json(other).getString("mchOrderNo"),
                "one caller's key never replays another caller's order");
        assertEquals("frank", json(other).getString("owner"));
    }

    // ---- listing -------------------------------------------------------------------------------

    @Test
    void theListingPagesThroughEveryOrderOnceWhileNewOnesArrive() {
        String owner = "pager-" + UUID.randomUUID();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            created.add(create(owner, 1000 + i).getString("mchOrderNo"));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonObject page = json(get("/api/orders?limit=10" + (after == null ? "" : "&after=" + after), TOKENS.valid(owner)));
            page.getJsonArray("orders").forEach(o -> seen.add(o.asJsonObject().getString("mchOrderNo")));
            after = page.isNull("next") ? null : page.getString("next");
            if (pages++ == 1) {
                for (int i = 0; i < 5; i++) {
                    create(owner, 2000 + i); // newer than the cursor: not in the pages still to come
                }
            }
        } while (after != null && pages < 20);
        assertEquals(5, pages, "45 orders in pages of 10");
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no order twice");
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, seen, "every order, newest first, none missing");
    }

    @Test
    void aCallerListsOnlyItsOwnOrdersAndOperatorsFilterEveryonesOrders() {
        String mine = "gina-" + UUID.randomUUID();
        String theirs = "hank-" + UUID.randomUUID();
        String before = Instant.now().minusSeconds(1).toString();
        String gina = create(mine, 1300).getString("mchOrderNo");
        String hank = create(theirs, 1400).getString("mchOrderNo");
        JsonObject own = json(get("/api/orders?limit=100", TOKENS.valid(mine)));
        assertEquals(List.of(gina), numbers(own));
        assertProblem(get("/api/orders?owner=" + theirs, TOKENS.valid(mine)), 403);

        String operator = TOKENS.valid("ops", "operator");
        assertEquals(List.of(hank), numbers(json(get("/api/orders?owner=" + theirs, operator))));
        assertEquals(List.of(hank), numbers(json(get("/api/orders?owner=" + theirs + "&status=PENDING", operator))));
        assertEquals(List.of(), numbers(json(get("/api/orders?owner=" + theirs + "&status=PAID", operator))));
        assertEquals(List.of(hank), numbers(json(get("/api/orders?owner=" + theirs + "&from=" + before, operator))));
        assertEquals(List.of(), numbers(json(get("/api/orders?owner=" + theirs + "&to=" + before, operator))));
        Set<String> all = new HashSet<>(numbers(json(get("/api/orders?limit=100", operator))));
        assertTrue(all.containsAll(List.of(gina, hank)), "an operator sees everyone's orders");
        assertProblem(get("/api/orders?limit=101", operator), 400);
        assertProblem(get("/api/orders?after=not-a-cursor", operator), 400);
        assertProblem(get("/api/orders?status=SHIPPED", operator), 400);
        // valid ISO-8601 instants that no database holds: a 400 problem, never a 500
        assertProblem(get("/api/orders?to=-999999999-01-01T00:00:00Z", operator), 400);
        assertProblem(get("/api/orders?from=%2B10000-01-01T00:00:00Z", operator), 400);
        String forgedCursor = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("-999999999-01-01T00:00:00Z|1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertProblem(get("/api/orders?after=" + forgedCursor, operator), 400);
        assertEquals(200, get("/api/orders?from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z", operator).statusCode());
    }

    @Test
    void operatorsReadAnOrdersNotificationLogWithoutTheSign() {
        JsonObject order = create("ivan", 1500);
        String number = order.getString("mchOrderNo");
        assertAcknowledged(deliver(paidNotification(order))); // IOTPay needs no token
        assertProblem(get("/api/orders/" + number + "/notifications", TOKENS.valid("ivan")), 403);
        HttpResponse<String> log = get("/api/orders/" + number + "/notifications", TOKENS.valid("ops", "operator"));
        assertEquals(200, log.statusCode(), log.body());
        JsonObject applied = json(log).getJsonArray("notifications").getJsonObject(0);
        assertEquals("APPLIED", applied.getString("outcome"));
        assertEquals(number, applied.getJsonObject("parameters").getString("mchOrderNo"));
        assertFalse(applied.getJsonObject("parameters").containsKey("sign"));
        assertTrue(applied.containsKey("remoteAddress"));
        assertTrue(applied.containsKey("receivedAt"));
    }

    @Test
    void onlyOperatorsRefund() {
        String owner = "lena-" + UUID.randomUUID();
        JsonObject order = create(owner, 1700);
        String number = order.getString("mchOrderNo");
        assertEquals(200, Backend.post("/sandbox/orders/" + number + "/pay", null, "").statusCode());
        assertEquals("PAID", statusAs(number, TOKENS.valid(owner)));
        assertProblem(refundAs(number, TOKENS.valid(owner)), 403);
        assertProblem(refundAs(number, null), 401);
        HttpResponse<String> refunded = refundAs(number, TOKENS.valid("ops", "operator"));
        assertEquals(201, refunded.statusCode(), refunded.body());
        assertEquals(200, get("/api/orders/" + number + "/refunds", TOKENS.valid(owner)).statusCode(),
                "the owner reads its order's refunds");
        assertProblem(get("/api/orders/" + number + "/refunds", TOKENS.valid("someone")), 404);
    }

    private static String statusAs(String number, String token) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        String status = json(get("/api/orders/" + number, token)).getString("status");
        while (!"PAID".equals(status) && System.nanoTime() < deadline) {
            Backend.pause(200);
            status = json(get("/api/orders/" + number, token)).getString("status");
        }
        return status;
    }

    private static HttpResponse<String> refundAs(String number, String token) {
        return send(request("/api/orders/" + number + "/refunds", token == null ? null : "Bearer " + token)
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":100}")));
    }

    // ---- rate limit, caching, WADL --------------------------------------------------------------

    @Test
    void creatingMoreOrdersThanTheRateAllowsIs429AndReachesNobody() {
        String caller = "rush-" + UUID.randomUUID();
        Backend.freezeClock(true); // one minute's window, whatever the wall clock does
        try {
            for (int i = 0; i < RATE; i++) {
                create(caller, 100 + i);
            }
            long creates = createCallsAtGateway();
            HttpResponse<String> refused = send(request("/api/orders", "Bearer " + TOKENS.valid(caller, "merchant"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"channelId\":\"WX_APP\",\"amount\":100}")));
            assertProblem(refused, 429);
            long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
            assertProblem(get("/api/pay?channelid=WX_APP&amount=1.00", TOKENS.valid(caller, "merchant")), 429);
            assertEquals(creates, createCallsAtGateway(), "nothing reached IOTPay");
            long orders = numbers(json(get("/api/orders?limit=100", TOKENS.valid(caller)))).size();
            assertEquals(RATE, orders, "nothing was written");
            assertEquals(201, send(request("/api/orders", "Bearer " + TOKENS.valid("someone-else", "merchant"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"channelId\":\"WX_APP\",\"amount\":100}"))).statusCode(),
                    "other callers are not limited by it");
        } finally {
            Backend.freezeClock(false);
        }
    }

    @Test
    void readsBeyondTheCallersBudgetAre429WithRetryAfterAndOthersStillRead() {
        String token = TOKENS.valid("reader-" + UUID.randomUUID());
        Backend.freezeClock(true); // one minute's window, whatever the wall clock does
        try {
            for (int i = 0; i < READS; i++) {
                assertEquals(200, get("/api/orders?limit=1", token).statusCode(), "read " + (i + 1) + " of " + READS);
            }
            HttpResponse<String> refused = get("/api/orders?limit=1", token);
            JsonObject problem = assertProblem(refused, 429);
            assertEquals("urn:iotpay-merchant:problem:rate-limited", problem.getString("type"));
            assertTrue(problem.getString("detail").contains("on this node"), problem.toString());
            long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
            assertProblem(get("/api/orders/MOnonexistent000000000", token), 429);
            assertEquals(200, get("/api/orders?limit=1", TOKENS.valid("reader-" + UUID.randomUUID())).statusCode(),
                    "other callers are not limited by it");
        } finally {
            Backend.freezeClock(false);
        }
    }

    @Test
    void onePayersSixtyLongPollsLeaveRoomForAnotherPayersLongPoll() throws Exception {
        String greedy = "greedy-" + UUID.randomUUID();
        String mine = create(greedy, 1900).getString("mchOrderNo");
        String patient = "patient-" + UUID.randomUUID();
        String theirs = create(patient, 1901).getString("mchOrderNo");
        String token = TOKENS.valid(greedy);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(60);
        try {
            List<java.util.concurrent.Future<HttpResponse<String>>> polls = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                polls.add(pool.submit(() -> get("/api/orders/" + mine + "?wait=30&known=PENDING", token)));
            }
            List<HttpResponse<String>> refused = awaitAnswered(polls, 60 - WAITS_PER_CALLER);
            for (HttpResponse<String> answer : refused) {
                JsonObject problem = assertProblem(answer, 429);
                assertTrue(problem.getString("detail").contains("orders.max-waiting-per-caller"), problem.toString());
                assertEquals("1", answer.headers().firstValue("Retry-After").orElse(""));
            }
            HttpResponse<String> served = get("/api/orders/" + theirs + "?wait=1&known=PENDING", TOKENS.valid(patient));
            assertEquals(200, served.statusCode(), "another payer's long-poll is held, not refused: " + served.body());
            assertEquals("PENDING", json(served).getString("status"));

            assertEquals(200, Backend.post("/sandbox/orders/" + mine + "/pay", null, "").statusCode());
            for (java.util.concurrent.Future<HttpResponse<String>> poll : polls) {
                HttpResponse<String> answer = poll.get(20, java.util.concurrent.TimeUnit.SECONDS);
                if (answer.statusCode() == 200) {
                    assertEquals("PAID", json(answer).getString("status"), "the greedy payer's own waits see its payment");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void longPollsWhoseClientsWentAwayHoldOnlyTheirOwnCallersShareAndOnlyUntilTheirWaitEnds() {
        String dropper = "dropper-" + UUID.randomUUID();
        String mine = create(dropper, 1902).getString("mchOrderNo");
        String patient = "patient-" + UUID.randomUUID();
        String theirs = create(patient, 1903).getString("mchOrderNo");
        String token = TOKENS.valid(dropper);
        List<RawClient> gone = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            gone.add(RawClient.get("/api/orders/" + mine + "?wait=10&known=PENDING", "Bearer " + token));
        }
        List<RawClient> refused = awaitRawAnswers(gone, 10 - WAITS_PER_CALLER); // the others took the caller's share
        for (RawClient answer : refused) {
            assertEquals(429, answer.status());
        }
        gone.forEach(RawClient::close);

        HttpResponse<String> served = get("/api/orders/" + theirs + "?wait=1&known=PENDING", TOKENS.valid(patient));
        assertEquals(200, served.statusCode(), "clients that went away do not hold another payer's slots: " + served.body());
        assertEquals(200, awaitLongPoll(mine, token).statusCode(),
                "the dropped waits' slots are free again once their wait ended");
    }

    @Test
    void aCallerWhoseLongPollsWentAwayMayWaitAgainWithinSeconds() {
        String leaver = "leaver-" + UUID.randomUUID();
        String mine = create(leaver, 1904).getString("mchOrderNo");
        String token = TOKENS.valid(leaver);
        List<RawClient> clients = new ArrayList<>();
        for (int i = 0; i <= WAITS_PER_CALLER; i++) {
            clients.add(RawClient.get("/api/orders/" + mine + "?wait=30&known=PENDING", "Bearer " + token));
        }
        List<RawClient> refused = awaitRawAnswers(clients, 1);
        assertEquals(429, refused.get(0).status(), "one more than the share is refused: the others hold the whole share");
        clients.forEach(RawClient::close); // the held ones end with a FIN, as an app that was closed or a browser tab
        long closed = System.nanoTime();
        long asked;
        HttpResponse<String> answer;
        do {
            Backend.pause(200);
            asked = System.nanoTime();
            answer = get("/api/orders/" + mine + "?wait=1&known=PENDING", token);
        } while (answer.statusCode() == 429 && asked - closed < 10_000_000_000L);
        long afterMillis = (asked - closed) / 1_000_000;
        assertEquals(200, answer.statusCode(), "the caller's share is still held " + afterMillis
                + " ms after its clients went away (their waits end after 30 s): " + answer.body());
        assertTrue(afterMillis < 3_000, "the caller may wait again " + afterMillis + " ms after its clients went away, not within 3 s");
    }

    /** The {@code count} raw clients that were answered at once (refusals); fails after 20 s if fewer were. */
    private static List<RawClient> awaitRawAnswers(List<RawClient> clients, int count) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<RawClient> answered;
        do {
            answered = clients.stream().filter(RawClient::answered).toList();
            if (answered.size() >= count) {
                return answered;
            }
            Backend.pause(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("only " + answered.size() + " of " + clients.size() + " long-polls were answered at once, not "
                + count + ": the others hold the node's slots");
    }

    /**
     * A one-second long-poll on {@code number}, asked again every 250 ms until it is held and answered 200,
     * for at most 25 s (the raw clients' 10 s wait, the tick, a loaded machine); fails loudly when it never was.
     */
    private static HttpResponse<String> awaitLongPoll(String number, String token) {
        long deadline = System.nanoTime() + 25_000_000_000L;
        HttpResponse<String> answer;
        do {
            answer = get("/api/orders/" + number + "?wait=1&known=PENDING", token);
            if (answer.statusCode() == 200) {
                return answer;
            }
            Backend.pause(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the long-poll was still answered " + answer.statusCode() + " after 25 s: " + answer.body());
    }

    /** The {@code count} polls answered at once (refusals); fails after 20 s if fewer were. */
    private static List<HttpResponse<String>> awaitAnswered(List<java.util.concurrent.Future<HttpResponse<String>>> polls,
                                                           int count) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<java.util.concurrent.Future<HttpResponse<String>>> done;
        do {
            done = polls.stream().filter(java.util.concurrent.Future::isDone).toList();
            if (done.size() >= count) {
                List<HttpResponse<String>> answers = new ArrayList<>();
                for (java.util.concurrent.Future<HttpResponse<String>> poll : done) {
                    answers.add(poll.get());
                }
                return answers;
            }
            Backend.pause(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("only " + done.size() + " of " + polls.size() + " long-polls were answered at once, not "
                + count + ": the others hold the node's slots");
    }

    @Test
    void aFloodOfRefusedNotificationsFromOneAddressLeavesRoomToRecordAnothersRefusal() {
        JsonObject order = create("nora-" + UUID.randomUUID(), 2100);
        String number = order.getString("mchOrderNo");
        java.util.Map<String, String> tampered = paidNotification(order);
        tampered.put("amount", "1"); // no longer what was signed
        Backend.advanceClock(java.time.Duration.ofMinutes(1)); // a minute of its own
        Backend.freezeClock(true);
        try {
            String forged = Backend.form(java.util.Map.of("mchOrderNo", "MOflood", "amount", "1", "sign", "00"));
            for (int i = 0; i < REFUSALS + 10; i++) {
                assertEquals(403, notifyFrom("203.0.113.7", forged).statusCode());
            }
            assertEquals(403, notifyFrom("198.51.100.9", Backend.form(tampered)).statusCode());
        } finally {
            Backend.freezeClock(false);
        }
        HttpResponse<String> log = get("/api/orders/" + number + "/notifications", TOKENS.valid("ops", "operator"));
        assertEquals(200, log.statusCode(), log.body());
        assertTrue(json(log).getJsonArray("notifications").stream().map(JsonValue::asJsonObject)
                .anyMatch(n -> "BAD_SIGNATURE".equals(n.getString("outcome"))
                        && "198.51.100.9".equals(n.getString("remoteAddress", ""))),
                "the refusal from another address is in the log: " + log.body());
    }

    /** A notification as it reaches us through our reverse proxy from {@code sender}. */
    private static HttpResponse<String> notifyFrom(String sender, String form) {
        return send(request("/api/notify", null).header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", sender).POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    @Test
    void aQrImageIsCachedPrivatelyAndAnsweredWith304WhileItHasNotChanged() {
        String owner = "qr-owner-" + UUID.randomUUID();
        String token = TOKENS.valid(owner, "merchant");
        HttpResponse<String> made = send(request("/api/orders", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"channelId\":\"ALIPAY_QR\",\"amount\":1800}")));
        assertEquals(201, made.statusCode(), made.body());
        String svg = json(made).getJsonObject("nextAction").getString("image");
        for (String image : List.of(svg, svg.replace(".svg", ".png"))) {
            HttpResponse<String> first = get(image, token);
            assertEquals(200, first.statusCode(), first.body());
            String tag = first.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag on " + image));
            String cache = first.headers().firstValue("Cache-Control").orElse("");
            assertTrue(cache.contains("private") && cache.contains("no-cache") && !cache.contains("no-store"), cache);
            HttpResponse<String> again = send(request(image, "Bearer " + token).header("If-None-Match", tag).GET());
            assertEquals(304, again.statusCode(), again.body());
            assertEquals(tag, again.headers().firstValue("ETag").orElse(""));
            assertEquals("", again.body());
            assertEquals(first.body(), get(image, token).body(), "the same image every time");
            assertProblem(send(request(image, "Bearer " + TOKENS.valid("eve")).header("If-None-Match", tag).GET()), 404);
        }
        assertFalse(get(svg, token).headers().firstValue("ETag").equals(get(svg.replace(".svg", ".png"), token)
                .headers().firstValue("ETag")), "each image its own tag");
    }

    @Test
    void paymentsAndOrdersAreNeverCached() {
        String owner = "jill";
        JsonObject order = create(owner, 1600);
        assertEquals("no-store", get("/api/orders/" + order.getString("mchOrderNo"), TOKENS.valid(owner))
                .headers().firstValue("Cache-Control").orElse(""));
        HttpResponse<String> pay = get("/api/pay?channelid=WX_APP&amount=1.00", TOKENS.valid(owner, "merchant"));
        assertEquals(200, pay.statusCode(), pay.body());
        assertEquals("no-store", pay.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    void noWadlIsPublished() {
        assertEquals(404, get("/api/application.wadl", TOKENS.valid("ops", "operator")).statusCode());
    }

    // ---- who sets the price (issue #19) --------------------------------------------------------

    @Test
    void anAppCannotChooseItsOwnAmountAndNothingIsWrittenOrSent() {
        String app = "app-user-" + UUID.randomUUID();
        long created = Backend.createCallsAtGateway();
        JsonObject refused = assertProblem(send(request("/api/orders", "Bearer " + TOKENS.valid(app))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"channelId\":\"WX_APP\",\"amount\":1}"))), 403);
        assertEquals("urn:iotpay-merchant:problem:client-amount-forbidden", refused.getString("type"));
        assertTrue(refused.getString("detail").contains("/api/checkouts"), refused.toString());
        assertProblem(get("/api/pay?channelid=WX_APP&amount=0.01", TOKENS.valid(app)), 403);
        assertEquals(List.of(), numbers(json(get("/api/orders?limit=100", TOKENS.valid(app)))), "nothing was written");
        assertEquals(created, Backend.createCallsAtGateway(), "nothing reached IOTPay");
        assertProblem(send(request("/api/checkouts", "Bearer " + TOKENS.valid(app))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":1,\"subject\":\"Free stuff\"}"))), 403);
        assertProblem(get("/api/checkouts", TOKENS.valid(app)), 403);
    }

    @Test
    void aKeyedRetryGetsItsStoredOrderAfterTheCallerMayNoLongerChooseAnAmount() {
        String subject = "shop-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String body = "{\"channelId\":\"WX_APP\",\"amount\":1700}";
        HttpResponse<String> first = keyedOrder(TOKENS.valid(subject, "merchant"), key, body);
        assertEquals(201, first.statusCode(), first.body());
        long created = createCallsAtGateway();

        // Its token no longer carries the merchant group: it may not choose an amount any more.
        HttpResponse<String> retry = keyedOrder(TOKENS.valid(subject), key, body);

        assertEquals(201, retry.statusCode(), "the stored answer, not client-amount-forbidden: " + retry.body());
        assertEquals(first.body(), retry.body());
        assertEquals(created, createCallsAtGateway(), "nothing more reached IOTPay");
        JsonObject refused = assertProblem(keyedOrder(TOKENS.valid(subject), UUID.randomUUID().toString(), body), 403);
        assertEquals("urn:iotpay-merchant:problem:client-amount-forbidden", refused.getString("type"), "a new key meets the rule");
        HttpResponse<String> another = keyedOrder(TOKENS.valid("shop-" + UUID.randomUUID(), "merchant"), key, body);
        assertEquals(201, another.statusCode(), "the key is the caller's own: " + another.body());
        assertNotEquals(json(first).getString("mchOrderNo"), json(another).getString("mchOrderNo"));
    }

    @Test
    void aCheckoutIsPaidAtTheMerchantsPriceByItsPayerOnly() {
        String payer = "payer-" + UUID.randomUUID();
        String shop = TOKENS.valid("shop-server", "merchant");
        HttpResponse<String> made = send(request("/api/checkouts", "Bearer " + shop)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":4200,\"subject\":\"Annual plan\",\"payer\":\""
                        + payer + "\",\"reference\":\"sub-" + UUID.randomUUID() + "\"}")));
        assertEquals(201, made.statusCode(), made.body());
        String checkoutId = json(made).getString("checkoutId");

        assertEquals(200, get("/api/checkouts/" + checkoutId, TOKENS.valid(payer)).statusCode());
        assertProblem(get("/api/checkouts/" + checkoutId, TOKENS.valid("eve")), 404);
        assertProblem(payCheckout(checkoutId, TOKENS.valid("eve")), 404);
        assertProblem(get("/api/pay?channelid=WX_APP&checkout=" + checkoutId, TOKENS.valid("eve")), 404);

        HttpResponse<String> paid = payCheckout(checkoutId, TOKENS.valid(payer));
        assertEquals(201, paid.statusCode(), paid.body());
        JsonObject attempt = json(paid);
        assertEquals(4200, attempt.getJsonNumber("amount").longValue(), "the merchant's price, not the app's");
        assertEquals(payer, attempt.getString("owner"));
        assertEquals(checkoutId, attempt.getString("checkoutId"));
        assertEquals(200, get("/api/pay?channelid=WX_APP&checkout=" + checkoutId, TOKENS.valid(payer)).statusCode(),
                "the seed's call pays a checkout too");
        assertEquals(2, json(get("/api/checkouts/" + checkoutId, shop)).getJsonArray("payments").size());
    }

    @Test
    void aPayerSeesOnlyWhatPayingNeedsAndItsOwnAttemptsWhileTheMerchantSeesEverything() {
        String shop = TOKENS.valid("shop-server", "merchant");
        String reference = "crm-" + UUID.randomUUID();
        HttpResponse<String> made = send(request("/api/checkouts", "Bearer " + shop)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":2750,\"subject\":\"Green tea\",\"reference\":\""
                        + reference + "\",\"metadata\":{\"margin\":\"41%\"},\"param1\":\"campaign-7\",\"param2\":\"vip\"}")));
        assertEquals(201, made.statusCode(), made.body());
        String checkoutId = json(made).getString("checkoutId"); // no payer named: anyone with its id may pay it
        String anna = "anna-" + UUID.randomUUID();
        String ben = "ben-" + UUID.randomUUID();
        String annas = json(payCheckout(checkoutId, TOKENS.valid(anna))).getString("mchOrderNo");
        String bens = json(payCheckout(checkoutId, TOKENS.valid(ben))).getString("mchOrderNo");

        JsonObject seen = json(get("/api/checkouts/" + checkoutId, TOKENS.valid(anna)));
        assertEquals(Set.of("checkoutId", "status", "amount", "currency", "subject", "expiresAt", "payments"), seen.keySet(),
                "what paying needs, and nothing of the merchant's: " + seen);
        assertEquals(2750, seen.getJsonNumber("amount").longValue());
        assertEquals("Green tea", seen.getString("subject"));
        assertEquals(List.of(annas), seen.getJsonArray("payments").stream().map(JsonValue::asJsonObject)
                .map(p -> p.getString("mchOrderNo")).toList(), "its own attempt, not another payer's");
        assertEquals(List.of(bens), json(get("/api/checkouts/" + checkoutId, TOKENS.valid(ben))).getJsonArray("payments")
                .stream().map(JsonValue::asJsonObject).map(p -> p.getString("mchOrderNo")).toList());
        assertFalse(get("/api/checkouts/" + checkoutId, TOKENS.valid(anna)).body().contains(reference));

        for (String whole : List.of(shop, TOKENS.valid("ops", "operator"))) {
            JsonObject full = json(get("/api/checkouts/" + checkoutId, whole));
            assertEquals(reference, full.getString("reference"));
            assertEquals("41%", full.getJsonObject("metadata").getString("margin"));
            assertEquals("campaign-7", full.getString("param1"));
            assertEquals("vip", full.getString("param2"));
            assertEquals(Set.of(annas, bens), full.getJsonArray("payments").stream().map(JsonValue::asJsonObject)
                    .map(p -> p.getString("mchOrderNo")).collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void aQrCodeIsShownOnlyToWhoMaySeeItsOrderAndTheLongPollToo() {
        String payer = "scanner-" + UUID.randomUUID();
        String shop = TOKENS.valid("shop-server", "merchant");
        HttpResponse<String> made = send(request("/api/checkouts", "Bearer " + shop)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":1800,\"subject\":\"Scan me\",\"payer\":\"" + payer + "\"}")));
        assertEquals(201, made.statusCode(), made.body());
        HttpResponse<String> paid = send(request("/api/checkouts/" + json(made).getString("checkoutId") + "/payments",
                "Bearer " + TOKENS.valid(payer)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"channelId\":\"UPI_QR\"}")));
        assertEquals(201, paid.statusCode(), paid.body());
        String image = json(paid).getJsonObject("nextAction").getString("image");
        String number = json(paid).getString("mchOrderNo");

        assertEquals(200, get(image, TOKENS.valid(payer)).statusCode(), "the payer sees its code");
        assertEquals(get("/api/orders/" + number, shop).statusCode(), get(image.replace(".svg", ".png"), shop).statusCode(),
                "another subject sees the code exactly when it may read the order");
        assertProblem(get(image, TOKENS.valid("eve")), 404);
        assertProblem(get(image.replace(".svg", ".png"), TOKENS.valid("eve")), 404);
        assertProblem(send(request(image, null).GET()), 401);
        assertProblem(get("/api/orders/" + number + "?wait=2&known=PENDING", TOKENS.valid("eve")), 404);
    }

    @Test
    void aGeneratedClientPaysACheckoutAMerchantTokenCreated() throws Exception {
        String payer = "gen-payer-" + UUID.randomUUID();
        dev.iotpaymerchant.it.client.api.CheckoutsApi shop = new dev.iotpaymerchant.it.client.api.CheckoutsApi(
                client(TOKENS.valid("shop-backend", "merchant")));
        dev.iotpaymerchant.it.client.model.Checkout made = shop.createCheckout(
                new dev.iotpaymerchant.it.client.model.NewCheckout().amount(3100L).subject("Gift card").payer(payer),
                UUID.randomUUID().toString());
        dev.iotpaymerchant.it.client.api.CheckoutsApi app = new dev.iotpaymerchant.it.client.api.CheckoutsApi(
                client(TOKENS.valid(payer)));
        dev.iotpaymerchant.it.client.model.CreatedOrder attempt = app.payCheckout(made.getCheckoutId(),
                new dev.iotpaymerchant.it.client.model.NewCheckoutPayment()
                        .channelId(dev.iotpaymerchant.it.client.model.Channel.WX_APP), UUID.randomUUID().toString());
        assertEquals(3100L, attempt.getAmount(), "the merchant's price");
        assertEquals(payer, attempt.getOwner());
        assertEquals(made.getCheckoutId(), app.getCheckout(made.getCheckoutId()).getPayments().get(0).getMchOrderNo()
                .equals(attempt.getMchOrderNo()) ? made.getCheckoutId() : "another attempt", "the payer sees its checkout");
        dev.iotpaymerchant.it.client.ApiException refused = org.junit.jupiter.api.Assertions.assertThrows(
                dev.iotpaymerchant.it.client.ApiException.class, () -> new dev.iotpaymerchant.it.client.api.CheckoutsApi(
                        client(TOKENS.valid("someone-else"))).getCheckout(made.getCheckoutId()));
        assertEquals(404, refused.getCode());
    }

    private static dev.iotpaymerchant.it.client.ApiClient client(String token) {
        dev.iotpaymerchant.it.client.ApiClient client = new dev.iotpaymerchant.it.client.ApiClient();
        client.updateBaseUri(Backend.BASE);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    private static HttpResponse<String> payCheckout(String checkoutId, String token) {
        return send(request("/api/checkouts/" + checkoutId + "/payments", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"channelId\":\"WX_APP\"}")));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static JsonObject create(String subject, long amount) {
        HttpResponse<String> created = send(request("/api/orders", "Bearer " + TOKENS.valid(subject, "merchant"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"channelId\":\"WX_APP\",\"amount\":" + amount + "}")));
        assertEquals(201, created.statusCode(), created.body());
        JsonObject order = json(created);
        assertEquals(subject, order.getString("owner"));
        return order;
    }

    private static HttpResponse<String> get(String path, String token) {
        return send(request(path, "Bearer " + token).GET());
    }

    private static HttpResponse<String> keyedOrder(String token, String key, String body) {
        return send(request("/api/orders", "Bearer " + token).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpRequest.Builder request(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Backend.BASE + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private static List<String> numbers(JsonObject page) {
        return page.getJsonArray("orders").stream().map(JsonValue::asJsonObject).map(o -> o.getString("mchOrderNo")).toList();
    }
}
