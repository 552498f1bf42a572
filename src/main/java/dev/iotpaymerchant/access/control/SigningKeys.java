package dev.iotpaymerchant.access.control;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

import dev.iotpaymerchant.platform.control.LogSafe;
import dev.iotpaymerchant.platform.control.LogFields;

/**
 * The identity provider's public keys, and which of them may have signed a token.
 *
 * <p>A key with a key id ({@code kid}, as every JWKS key has) is a candidate only for tokens that
 * name it, or name none; a key without one (a PEM key) is a candidate whatever the token's
 * {@code kid} says, as MicroProfile JWT implementations use it. Only keys of the token's algorithm
 * count: RSA for RS256, P-256 EC for ES256, and not keys marked for encryption or another algorithm.
 *
 * <p>Keys read from a URL are kept for {@link #TTL} and then read again in the background of one
 * request (the others go on with the keys they have). A token whose {@code kid} no key has makes
 * one read at once, so a provider's new key is accepted the moment it signs with it; reads are at
 * least {@link #MIN_INTERVAL} apart, so tokens with made-up key ids cannot hammer the provider.
 * A failed read keeps the keys there were.
 */
final class SigningKeys {

    static final Duration TTL = Duration.ofMinutes(5);
    static final Duration MIN_INTERVAL = Duration.ofSeconds(30);

    private static final Logger LOG = LogFields.logger(SigningKeys.class);

    /** Reads the keys (a JWKS, a JWK or a PEM key) from where they are published. */
    interface Source {
        JWKSet read() throws IOException;

        /** Where, for the log (a URL; no secret). */
        String describe();
    }

    private final Source source;
    private final Clock clock;
    private volatile JWKSet keys;
    private Instant readAt;
    private Instant lastAttempt;

    private SigningKeys(JWKSet keys, Source source, Clock clock) {
        this.keys = keys;
        this.source = source;
        this.clock = clock;
    }

    /** Keys given in the settings or read from a file once: never read again. */
    static SigningKeys fixed(JWKSet keys) {
        return new SigningKeys(Objects.requireNonNull(keys), null, Clock.systemUTC());
    }

    /** Keys published at a URL, read on first use and refreshed as described above. */
    static SigningKeys remote(Source source, Clock clock) {
        return new SigningKeys(null, Objects.requireNonNull(source), clock);
    }

    /** The keys that may have signed a token with this header; empty when no key can have. */
    List<JWK> candidates(JWSHeader header) {
        if (source == null) {
            return select(keys, header);
        }
        if (keys == null) {
            synchronized (this) {
                if (keys == null && mayRead()) {
                    read();
                }
            }
        } else if (stale() && claimRead()) {
            read();
        }
        List<JWK> found = select(keys, header);
        if (found.isEmpty() && header.getKeyID() != null && claimRead()) {
            String kid = header.getKeyID();
            LOG.fine(() -> "No key has the id '" + LogSafe.text(kid) + "': reading " + source.describe() + " again");
            read();
            found = select(keys, header);
        }
        return found;
    }

    private synchronized boolean stale() {
        return readAt == null || !clock.instant().isBefore(readAt.plus(TTL));
    }

    private synchronized boolean mayRead() {
        return lastAttempt == null || !clock.instant().isBefore(lastAttempt.plus(MIN_INTERVAL));
    }

    /** True for the one caller that may read now; the next may read {@link #MIN_INTERVAL} later. */
    private synchronized boolean claimRead() {
        if (!mayRead()) {
            return false;
        }
        lastAttempt = clock.instant();
        return true;
    }

    private void read() {
        synchronized (this) {
            lastAttempt = clock.instant();
        }
        try {
            JWKSet read = source.read();
            synchronized (this) {
                keys = read;
                readAt = clock.instant();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "The identity provider's keys could not be read from " + source.describe() + " ("
                    + LogSafe.text(e.getMessage()) + ")" + (keys == null ? ": every token is refused until they can be"
                    : ": the keys read before are used"));
        }
    }

    static List<JWK> select(JWKSet keys, JWSHeader header) {
        if (keys == null) {
            return List.of();
        }
        List<JWK> found = new ArrayList<>();
        for (JWK key : keys.getKeys()) {
            if (usableFor(key, header)) {
                found.add(key);
            }
        }
        return found;
    }

    private static boolean usableFor(JWK key, JWSHeader header) {
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            return false;
        }
        if (key.getAlgorithm() != null && !key.getAlgorithm().equals(header.getAlgorithm())) {
            return false;
        }
        if (header.getKeyID() != null && key.getKeyID() != null && !header.getKeyID().equals(key.getKeyID())) {
            return false;
        }
        if (JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            return key instanceof RSAKey;
        }
        return JWSAlgorithm.ES256.equals(header.getAlgorithm()) && key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve());
    }
}
