package dev.iotpaymerchant.access.control;

import static dev.iotpaymerchant.access.control.TokenVerifierTest.rsa;
import static dev.iotpaymerchant.access.control.TokenVerifierTest.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.access.control.TokenRefused.Reason;

/**
 * Keys published as a JWKS URL are read off the request threads: from the start, every five
 * minutes, and soon after a token names a key id no key has (at most every 30 seconds). No request
 * waits for a read: while no keys are known, or while a read for its key id is under way, it is
 * told to retry; a failed read keeps the keys. The reads run here when the test says so.
 */
class SigningKeysTest {

    private static final RSAKey OLD = rsa("2026-old");
    private static final RSAKey NEW = rsa("2026-new");

    private final MutableClock clock = new MutableClock();
    private final Provider provider = new Provider();
    private final PlannedReads reads = new PlannedReads(clock);
    private final TokenVerifier.Rules rules = new TokenVerifier.Rules("https://id.example", java.util.Set.of("api"),
            SigningKeys.remote(provider, clock, reads));

    @Test
    void untilTheFirstReadTokensAreAnswered503AtOnceAndThenServed() throws Exception {
        provider.publish(OLD);
        assertEquals(Duration.ofSeconds(1), assertUnavailable(token(OLD, c -> { })), "retry in a second");
        assertEquals(0, provider.reads.get(), "nothing is read on the request's thread");
        reads.runDue();
        assertEquals(1, provider.reads.get());
        assertEquals("alice", verify(token(OLD, c -> { })).subject());
    }

    @Test
    void aProviderThatDoesNotAnswerHoldsNoRequest() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        SigningKeys.Source silent = new SigningKeys.Source() {
            @Override
            public JWKSet read() throws IOException {
                try {
                    answer.await(30, TimeUnit.SECONDS); // accepts the connection, answers nothing
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new JWKSet(OLD.toPublicJWK());
            }

            @Override
            public String describe() {
                return "https://id.example/silent";
            }
        };
        PlannedReads onAThread = new PlannedReads(clock);
        TokenVerifier.Rules waiting = new TokenVerifier.Rules("https://id.example", java.util.Set.of("api"),
                SigningKeys.remote(silent, clock, onAThread));
        Thread reader = new Thread(onAThread::runDue);
        reader.start();
        String token = token(OLD, c -> { });
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertEquals(KeysUnavailable.class,
                assertThrows(KeysUnavailable.class, () -> TokenVerifier.verify(token, waiting, clock.instant())).getClass()),
                "the request would wait as long as the read");
        answer.countDown();
        reader.join(10_000);
        assertEquals("alice", TokenVerifier.verify(token, waiting, clock.instant()).subject());
    }

    @Test
    void aRotatedKeyIsReadSoonAfterATokenNamesIt() throws Exception {
        provider.publish(OLD);
        reads.runDue();
        clock.advance(Duration.ofMinutes(2));
        provider.publish(OLD, NEW); // the provider rotates: its new key signs from now on
        assertEquals(Duration.ofSeconds(1), assertUnavailable(token(NEW, c -> { })), "its key is being read: retry");
        assertEquals(1, provider.reads.get(), "not on the request's thread");
        reads.runDue();
        assertEquals(2, provider.reads.get());
        assertEquals("alice", verify(token(NEW, c -> { })).subject());
        assertEquals("alice", verify(token(OLD, c -> { })).subject(), "tokens signed before still count");
        reads.runDue();
        assertEquals(2, provider.reads.get(), "known keys need no read");
    }

    @Test
    void unknownKeyIdsReadTheJwksAtMostEveryThirtySeconds() throws Exception {
        provider.publish(OLD);
        reads.runDue();
        assertRefused(Reason.UNKNOWN_SIGNING_KEY, token(rsa("made-up-0"), c -> { }), "the keys were read just now");
        clock.advance(Duration.ofSeconds(30));
        assertUnavailable(token(rsa("made-up-1"), c -> { }));
        assertUnavailable(token(rsa("made-up-2"), c -> { }));
        reads.runDue();
        assertEquals(2, provider.reads.get(), "one read for both");
        assertRefused(Reason.UNKNOWN_SIGNING_KEY, token(rsa("made-up-1"), c -> { }));
        clock.advance(Duration.ofSeconds(29));
        assertRefused(Reason.UNKNOWN_SIGNING_KEY, token(rsa("made-up-3"), c -> { }));
        reads.runDue();
        assertEquals(2, provider.reads.get(), "rate-limited");

        provider.publish(OLD, NEW);
        clock.advance(Duration.ofSeconds(1));
        assertUnavailable(token(rsa("made-up-4"), c -> { }));
        reads.runDue();
        assertEquals(3, provider.reads.get(), "30 seconds later: one more read");
        assertRefused(Reason.SIGNATURE_INVALID, token("2026-new", rsa("forger"), c -> { }),
                "that read brought the new key, so its kid is known now; the forger's signature is not its");
        assertEquals(3, provider.reads.get());
    }

    @Test
    void theKeysAreReadAgainEveryFiveMinutesAndAFailedReadKeepsThem() throws Exception {
        provider.publish(OLD);
        reads.runDue();
        clock.advance(Duration.ofMinutes(4));
        reads.runDue();
        assertEquals(1, provider.reads.get(), "not yet");
        clock.advance(Duration.ofMinutes(1));
        provider.down = true;
        reads.runDue();
        assertEquals(2, provider.reads.get(), "five minutes on");
        assertEquals("alice", verify(token(OLD, c -> { })).subject(), "the provider is down: the keys read before count");
        clock.advance(Duration.ofSeconds(29));
        reads.runDue();
        assertEquals(2, provider.reads.get(), "no read on every request while it is down");
        clock.advance(Duration.ofSeconds(1));
        provider.down = false;
        provider.publish(NEW);
        reads.runDue();
        assertEquals(3, provider.reads.get(), "tried again 30 seconds after the failure");
        assertEquals("alice", verify(token(NEW, c -> { })).subject());
        assertRefused(Reason.UNKNOWN_SIGNING_KEY, token(OLD, c -> { }), "the provider dropped the old key");
    }

    @Test
    void withoutAnyKeysTheProviderIsAskedAgainAfterOneTwoFourSecondsAndRetryAfterSaysWhen() throws Exception {
        provider.down = true;
        reads.runDue();
        assertEquals(Duration.ofSeconds(1), assertUnavailable(token(OLD, c -> { })));
        clock.advance(Duration.ofSeconds(1));
        reads.runDue();
        assertEquals(2, provider.reads.get());
        assertEquals(Duration.ofSeconds(2), assertUnavailable(token(OLD, c -> { })));
        clock.advance(Duration.ofSeconds(2));
        reads.runDue();
        assertEquals(Duration.ofSeconds(4), assertUnavailable(token(OLD, c -> { })));
        assertEquals(3, provider.reads.get());
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L), List.of(1, 2, 3, 4, 5, 6, 40).stream()
                .map(n -> SigningKeys.backoff(n).toSeconds()).toList());
        provider.down = false;
        provider.publish(OLD);
        clock.advance(Duration.ofSeconds(4));
        reads.runDue();
        assertEquals("alice", verify(token(OLD, c -> { })).subject());
    }

    private TokenVerifier.Verified verify(String token) throws TokenRefused, KeysUnavailable {
        return TokenVerifier.verify(token, rules, clock.instant());
    }

    private Duration assertUnavailable(String token) {
        return assertThrows(KeysUnavailable.class, () -> verify(token)).retryAfter();
    }

    private void assertRefused(Reason reason, String token) {
        assertRefused(reason, token, token);
    }

    private void assertRefused(Reason reason, String token, String why) {
        assertEquals(reason, assertThrows(TokenRefused.class, () -> verify(token), why).reason(), why);
    }

    /** The reads planned, each run when the test's clock reaches its time (as the server's scheduler would run it). */
    private static final class PlannedReads implements SigningKeys.Reader {
        private final Clock clock;
        private final List<Planned> planned = new ArrayList<>();

        private record Planned(Runnable read, Instant at, CompletableFuture<Void> future) {
        }

        PlannedReads(Clock clock) {
            this.clock = clock;
        }

        @Override
        public synchronized Future<?> schedule(Runnable read, Duration delay) {
            Planned next = new Planned(read, clock.instant().plus(delay), new CompletableFuture<>());
            planned.add(next);
            return next.future();
        }

        /** Runs the reads due now that were not cancelled (a read may plan the next). */
        void runDue() {
            List<Planned> due;
            synchronized (this) {
                due = planned.stream().filter(p -> !p.at().isAfter(clock.instant())).toList();
                planned.removeAll(due);
            }
            for (Planned read : due) {
                if (!read.future().isCancelled()) {
                    read.read().run();
                    read.future().complete(null);
                }
            }
        }
    }

    /** The identity provider's JWKS endpoint. */
    private static final class Provider implements SigningKeys.Source {
        final AtomicInteger reads = new AtomicInteger();
        volatile JWKSet published = new JWKSet();
        volatile boolean down;

        void publish(RSAKey... keys) {
            published = new JWKSet(java.util.Arrays.stream(keys).map(k -> (JWK) k.toPublicJWK()).toList());
        }

        @Override
        public JWKSet read() throws IOException {
            reads.incrementAndGet();
            if (down) {
                throw new IOException("connection refused");
            }
            return published;
        }

        @Override
        public String describe() {
            return "https://id.example/jwks";
        }
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
