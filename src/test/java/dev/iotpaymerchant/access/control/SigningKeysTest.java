package dev.iotpaymerchant.access.control;

import static dev.iotpaymerchant.access.control.TokenVerifierTest.rsa;
import static dev.iotpaymerchant.access.control.TokenVerifierTest.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

import dev.iotpaymerchant.access.control.TokenRefused.Reason;

/**
 * Keys published as a JWKS URL: read once and kept, read again when a token names a key id no key
 * has (at most every 30 seconds), and refreshed after five minutes; a failed read keeps the keys.
 */
class SigningKeysTest {

    private static final RSAKey OLD = rsa("2026-old");
    private static final RSAKey NEW = rsa("2026-new");

    private final MutableClock clock = new MutableClock();
    private final Provider provider = new Provider();
    private final TokenVerifier.Rules rules = new TokenVerifier.Rules("https://id.example", java.util.Set.of("api"),
            SigningKeys.remote(provider, clock));

    @Test
    void aRotatedJwksIsPickedUpAfterOneRead() throws Exception {
        provider.publish(OLD);
        assertEquals("alice", verify(token(OLD, c -> { })).subject());
        assertEquals(1, provider.reads.get());

        clock.advance(Duration.ofMinutes(2));
        provider.publish(OLD, NEW); // the provider rotates: its new key signs from now on
        assertEquals("alice", verify(token(NEW, c -> { })).subject(), "the unknown kid made one read");
        assertEquals(2, provider.reads.get());
        assertEquals("alice", verify(token(NEW, c -> { })).subject());
        assertEquals("alice", verify(token(OLD, c -> { })).subject(), "tokens signed before still count");
        assertEquals(2, provider.reads.get(), "known keys need no read");
    }

    @Test
    void unknownKeyIdsReadTheJwksAtMostEveryThirtySeconds() {
        provider.publish(OLD);
        assertRefused(Reason.UNKNOWN_SIGNING_KEY, token(rsa("made-up-1"), c -> { }));
        assertEquals(1, provider.reads.get(), "the first read found no such key; no second read at once");
        clock.advance(Duration.ofSeconds(29));
        assertRefused(Reason.UNKNOWN_SIGNING_KEY, token(rsa("made-up-2"), c -> { }));
        assertRefused(Reason.UNKNOWN_SIGNING_KEY, token(rsa("made-up-3"), c -> { }));
        assertEquals(1, provider.reads.get(), "rate-limited");

        provider.publish(OLD, NEW);
        assertRefused(Reason.UNKNOWN_SIGNING_KEY, token(NEW, c -> { }));
        clock.advance(Duration.ofSeconds(1));
        assertRefused(Reason.UNKNOWN_SIGNING_KEY, token(rsa("made-up-4"), c -> { }));
        assertEquals(2, provider.reads.get(), "30 seconds later: one more read");
        assertRefused(Reason.SIGNATURE_INVALID, token("2026-new", rsa("forger"), c -> { }),
                "that read brought the new key, so its kid is known now; the forger's signature is not its");
        assertEquals(2, provider.reads.get());
    }

    @Test
    void theKeysAreReadAgainAfterFiveMinutesAndAFailedReadKeepsThem() throws Exception {
        provider.publish(OLD);
        verify(token(OLD, c -> { }));
        clock.advance(Duration.ofMinutes(5));
        provider.down = true;
        assertEquals("alice", verify(token(OLD, c -> { })).subject(), "the provider is down: the keys read before count");
        assertEquals(2, provider.reads.get());
        verify(token(OLD, c -> { }));
        assertEquals(2, provider.reads.get(), "no read on every request while it is down");
        clock.advance(Duration.ofSeconds(30));
        provider.down = false;
        provider.publish(NEW);
        assertEquals("alice", verify(token(NEW, c -> { })).subject());
        assertEquals(3, provider.reads.get());
        assertRefused(Reason.UNKNOWN_SIGNING_KEY, token(OLD, c -> { }), "the provider dropped the old key");
    }

    @Test
    void withoutAnyKeysEveryTokenIsRefusedAndTheProviderIsAskedAgainLater() throws Exception {
        provider.down = true;
        assertRefused(Reason.UNKNOWN_SIGNING_KEY, token(OLD, c -> { }));
        assertRefused(Reason.UNKNOWN_SIGNING_KEY, token(OLD, c -> { }));
        assertEquals(1, provider.reads.get());
        provider.down = false;
        provider.publish(OLD);
        clock.advance(Duration.ofSeconds(30));
        assertEquals("alice", verify(token(OLD, c -> { })).subject());
    }

    private TokenVerifier.Verified verify(String token) throws TokenRefused {
        return TokenVerifier.verify(token, rules, clock.instant());
    }

    private void assertRefused(Reason reason, String token) {
        assertRefused(reason, token, token);
    }

    private void assertRefused(Reason reason, String token, String why) {
        assertEquals(reason, assertThrows(TokenRefused.class, () -> verify(token), why).reason(), why);
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
        private Instant now = Instant.now();

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
