package dev.iotpaymerchant.idempotency.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.idempotency.boundary.IdempotentRequests.Answer;
import dev.iotpaymerchant.idempotency.boundary.IdempotentRequests.Outcome;
import dev.iotpaymerchant.idempotency.control.ClaimLost;
import dev.iotpaymerchant.idempotency.control.IdempotencyKeys;
import dev.iotpaymerchant.idempotency.control.KeyClaim;
import dev.iotpaymerchant.idempotency.entity.IdempotencyKey;
import dev.iotpaymerchant.platform.http.boundary.ProblemException;

/**
 * The order of the Idempotency-Key rule (a stored answer before every other rule) and its fencing
 * (a request whose stale claim a retry took over can neither name what it stored nor store its
 * answer, nor give the key back), against keys kept in memory as the database keeps them.
 */
class IdempotentRequestsTest {

    private static final Duration STALE_AFTER = Duration.ofMinutes(2);
    private static final Answer CREATED = new Answer(201, "application/json", "{\"mchOrderNo\":\"MO1\"}", "/api/orders/MO1");

    private final MovableClock clock = new MovableClock();
    private final MemoryKeys keys = new MemoryKeys(clock);
    private final IdempotentRequests requests = new IdempotentRequests();

    IdempotentRequestsTest() {
        requests.keys = keys;
        requests.clock = clock;
    }

    @Test
    void aKeyedRetryGetsTheStoredAnswerWhateverTheRulesSayNow() {
        IdempotentRequest order = order("k1", "body");
        requests.run(order, () -> { }, claim -> CREATED);

        Outcome retry = requests.run(order, () -> {
            throw new ProblemException(429, "rate-limited", "Too many orders", "Retry later.");
        }, claim -> {
            throw new AssertionError("a replay does not run the work");
        });

        assertTrue(retry.replayed());
        assertEquals(CREATED, retry.answer());
    }

    @Test
    void aNewKeyPaysTheRulesBeforeAnythingIsStored() {
        AtomicInteger ruled = new AtomicInteger();
        ProblemException refused = assertThrows(ProblemException.class, () -> requests.run(order("k2", "body"), () -> {
            ruled.incrementAndGet();
            throw new ProblemException(409, "checkout-not-open", "The checkout is not open", "It is PAID.");
        }, claim -> CREATED));

        assertEquals(409, refused.status());
        assertEquals(1, ruled.get());
        assertTrue(keys.rows.isEmpty(), "no key was claimed");
        assertEquals(CREATED, requests.run(order("k2", "body"), ruled::incrementAndGet, claim -> CREATED).answer(),
                "the key is free for a retry, which pays the rules again");
        assertEquals(2, ruled.get());
    }

    @Test
    void anotherRequestUnderTheKeyIsRefusedBeforeTheRules() {
        requests.run(order("k3", "body"), () -> { }, claim -> CREATED);

        ProblemException reused = assertThrows(ProblemException.class, () -> requests.run(order("k3", "another body"), () -> {
            throw new AssertionError("the rules come after the key");
        }, claim -> CREATED));

        assertEquals(422, reused.status());
    }

    @Test
    void aFirstRequestOvertakenBeforeItNamedItsOrderStoresNothingAndItsCallerHearsTheRetrysAnswer() {
        IdempotentRequest order = order("k4", "body");
        Answer second = new Answer(201, "application/json", "{\"mchOrderNo\":\"MO2\"}", "/api/orders/MO2");
        AtomicInteger sent = new AtomicInteger();

        Outcome first = requests.run(order, () -> { }, firstClaim -> {
            // The first request stalls before it stores its order; the key looks stale and a retry takes it over.
            clock.advance(STALE_AFTER.plusSeconds(1));
            Outcome retry = requests.run(order, () -> { }, retryClaim -> {
                keys.attach(retryClaim, "MO2");
                sent.incrementAndGet();
                return second;
            });
            assertFalse(retry.replayed(), "the retry ran under a claim of its own");
            keys.attach(firstClaim, "MO1"); // the first request's order, in the transaction that would store it
            sent.incrementAndGet();
            return CREATED;
        });

        assertEquals(1, sent.get(), "one order reaches IOTPay");
        assertEquals("MO2", keys.rows.get("k4").named);
        assertEquals(second, keys.rows.get("k4").answer);
        assertTrue(first.replayed());
        assertEquals(second, first.answer(), "the first caller hears what the key says");
    }

    @Test
    void aFirstRequestOvertakenAfterItActedCannotOverwriteTheStoredAnswer() {
        IdempotentRequest redelivery = IdempotentRequest.action("k5", "event-1", "redelivery", STALE_AFTER);
        Answer retried = new Answer(202, "application/json", "{\"by\":\"retry\"}", null);

        Outcome first = requests.run(redelivery, () -> { }, firstClaim -> {
            clock.advance(STALE_AFTER.plusSeconds(1));
            requests.run(redelivery, () -> { }, retryClaim -> retried);
            return new Answer(202, "application/json", "{\"by\":\"first\"}", null);
        });

        assertEquals(retried, keys.rows.get("k5").answer, "the stored answer stays the retry's");
        assertEquals(retried, first.answer());
        assertTrue(first.replayed());
    }

    @Test
    void aFirstRequestThatFailsAfterARetryTookItsKeyDoesNotGiveTheKeyBack() {
        IdempotentRequest redelivery = IdempotentRequest.action("k6", "event-2", "redelivery", STALE_AFTER);
        Answer retried = new Answer(202, "application/json", "{\"by\":\"retry\"}", null);

        assertThrows(ProblemException.class, () -> requests.run(redelivery, () -> { }, firstClaim -> {
            clock.advance(STALE_AFTER.plusSeconds(1));
            requests.run(redelivery, () -> { }, retryClaim -> retried);
            throw new ProblemException(409, "no-webhook", "No webhook to send", "Set webhooks.url first.");
        }));

        assertEquals(retried, keys.rows.get("k6").answer, "the retry's key and answer stay");
        assertEquals(retried, requests.run(redelivery, () -> { }, claim -> {
            throw new AssertionError("replayed, not run a third time");
        }).answer());
    }

    @Test
    void aStaleKeyIsTakenOverOnceEvenIfTwoRetriesSeeItStale() {
        IdempotentRequest order = order("k7", "body");
        keys.claim("k7", order.hash()); // a first request that stopped before it named anything
        clock.advance(STALE_AFTER.plusSeconds(1));
        KeyClaim stale = new KeyClaim("k7", keys.rows.get("k7").token);

        requests.run(order, () -> { }, claim -> CREATED);

        assertFalse(keys.release(stale), "the stopped request's token no longer holds the key");
        assertThrows(ClaimLost.class, () -> keys.attach(stale, "MO9"));
        assertEquals(CREATED, keys.rows.get("k7").answer);
    }

    private static IdempotentRequest order(String key, String meaning) {
        return new IdempotentRequest(key, IdempotencyKeys.hash(meaning), "order", "mchOrderNo", STALE_AFTER,
                named -> Optional.empty(), named -> Optional.empty());
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-12-07T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Idempotency-Keys as the table keeps them: a unique key, and writes conditional on the claim's token. */
    private static final class MemoryKeys extends IdempotencyKeys {

        private static final class Row {
            final String hash;
            final String token;
            final OffsetDateTime createdAt;
            String named;
            Answer answer;

            Row(String hash, String token, OffsetDateTime createdAt) {
                this.hash = hash;
                this.token = token;
                this.createdAt = createdAt;
            }
        }

        final Map<String, Row> rows = new HashMap<>();
        private final Clock now;

        MemoryKeys(Clock now) {
            this.now = now;
        }

        @Override
        public KeyClaim claim(String key, String requestHash) {
            if (rows.containsKey(key)) {
                throw new IllegalStateException("duplicate key");
            }
            KeyClaim claim = new KeyClaim(key, UUID.randomUUID().toString());
            rows.put(key, new Row(requestHash, claim.token(), OffsetDateTime.now(now)));
            return claim;
        }

        @Override
        public Optional<IdempotencyKey> find(String key) {
            return Optional.ofNullable(rows.get(key)).map(row -> entity(key, row));
        }

        @Override
        public void attach(KeyClaim claim, String number) {
            Row row = held(claim);
            if (row == null || row.named != null || row.answer != null) {
                throw new ClaimLost(claim.key());
            }
            row.named = number;
        }

        @Override
        public boolean complete(KeyClaim claim, int status, String type, String body, String location) {
            Row row = held(claim);
            if (row == null || row.answer != null) {
                return false;
            }
            row.answer = new Answer(status, type, body, location);
            return true;
        }

        @Override
        public boolean release(KeyClaim claim) {
            Row row = held(claim);
            if (row == null || row.named != null || row.answer != null) {
                return false;
            }
            rows.remove(claim.key());
            return true;
        }

        private Row held(KeyClaim claim) {
            Row row = rows.get(claim.key());
            return row != null && row.token.equals(claim.token()) ? row : null;
        }

        /** The row as JPA would load it (the entity has no setters for what only the database writes). */
        private static IdempotencyKey entity(String key, Row row) {
            IdempotencyKey entity = new IdempotencyKey(key, row.hash, row.token, row.createdAt);
            set(entity, "mchOrderNo", row.named);
            if (row.answer != null) {
                set(entity, "responseStatus", row.answer.status());
                set(entity, "responseType", row.answer.type());
                set(entity, "responseBody", row.answer.body());
                set(entity, "responseLocation", row.answer.location());
            }
            return entity;
        }

        private static void set(IdempotencyKey entity, String field, Object value) {
            try {
                Field declared = IdempotencyKey.class.getDeclaredField(field);
                declared.setAccessible(true);
                declared.set(entity, value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
