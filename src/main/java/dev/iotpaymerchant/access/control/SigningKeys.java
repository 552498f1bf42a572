package dev.iotpaymerchant.access.control;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.logging.Logger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.platform.values.LogSafe;

/**
 * The identity provider's public keys, and which of them may have signed a token.
 *
 * <p>A key with a key id ({@code kid}, as every JWKS key has) is a candidate only for tokens that
 * name it, or name none; a key without one (a PEM key) is a candidate whatever the token's
 * {@code kid} says, as MicroProfile JWT implementations use it. Only keys of the token's algorithm
 * count: RSA for RS256, P-256 EC for ES256, and not keys marked for encryption or another algorithm.
 *
 * <p>Keys published at a URL are read off the request threads, by a {@link Reader}: from deployment
 * on, again every {@link #TTL}, and soon after a token names a {@code kid} that no key has (at most
 * every {@link #MIN_INTERVAL}, so tokens with made-up key ids cannot hammer the provider). A request
 * never waits for a read: while no keys are known, or while a read for its {@code kid} is under way,
 * it is told to come back ({@link KeysUnavailable}). A failed read keeps the keys there were; with
 * none yet, it is tried again after 1, 2, 4 … up to {@link #MIN_INTERVAL} seconds.
 */
final class SigningKeys {

    static final Duration TTL = Duration.ofMinutes(5);
    static final Duration MIN_INTERVAL = Duration.ofSeconds(30);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    private static final Logger LOG = LogFields.logger(SigningKeys.class);

    /** Reads the keys (a JWKS, a JWK or a PEM key) from where they are published. */
    interface Source {
        JWKSet read() throws IOException;

        /** Where, for the log (a URL; no secret). */
        String describe();
    }

    /** Runs a read after a delay, off the request threads: one managed thread of its own in the server; a queue in the tests. */
    interface Reader {
        Future<?> schedule(Runnable read, Duration delay);
    }

    private final Source source;
    private final Clock clock;
    private final Reader reader;
    private volatile JWKSet keys;
    // guarded by this
    private long plan;
    private Future<?> planned;
    private Instant nextRead;
    private Instant lastAttempt;
    private boolean reading;
    private boolean askedNow;
    private int failures;
    private boolean stopped;

    private SigningKeys(JWKSet keys, Source source, Clock clock, Reader reader) {
        this.keys = keys;
        this.source = source;
        this.clock = clock;
        this.reader = reader;
    }

    /** Keys given in the settings or read from a file once: never read again. */
    static SigningKeys fixed(JWKSet keys) {
        return new SigningKeys(Objects.requireNonNull(keys), null, Clock.systemUTC(), null);
    }

    /** Keys published at a URL: the first read starts now, on {@code reader}. */
    static SigningKeys remote(Source source, Clock clock, Reader reader) {
        SigningKeys remote = new SigningKeys(null, Objects.requireNonNull(source), clock, Objects.requireNonNull(reader));
        synchronized (remote) {
            remote.planRead(Duration.ZERO);
        }
        return remote;
    }

    /**
     * The keys that may have signed a token with this header; empty when no key can have. Throws
     * {@link KeysUnavailable} while no keys are known, or when a read that may bring its {@code kid}
     * has just been asked for or is under way.
     */
    List<JWK> candidates(JWSHeader header) throws KeysUnavailable {
        JWKSet known = keys;
        if (source == null) {
            return select(known, header);
        }
        if (known == null) {
            throw new KeysUnavailable(retryAfter());
        }
        List<JWK> found = select(known, header);
        if (found.isEmpty() && header.getKeyID() != null && readForUnknownKeyId(header.getKeyID())) {
            throw new KeysUnavailable(FIRST_RETRY);
        }
        return found;
    }

    /** No more reads (the application is stopping). */
    synchronized void stop() {
        stopped = true;
        if (planned != null) {
            planned.cancel(false);
        }
    }

    /** True when a read that may bring the key is under way or was asked for now; false when it is too soon for one. */
    private synchronized boolean readForUnknownKeyId(String kid) {
        if (reading || askedNow) {
            return true;
        }
        if (lastAttempt != null && clock.instant().isBefore(lastAttempt.plus(MIN_INTERVAL))) {
            return false;
        }
        LOG.fine(() -> "No key has the id '" + LogSafe.text(kid) + "': reading " + source.describe() + " again");
        askedNow = true;
        planRead(Duration.ZERO);
        return askedNow; // false when no read could be planned
    }

    private synchronized Duration retryAfter() {
        Duration until = nextRead == null || reading ? FIRST_RETRY : Duration.between(clock.instant(), nextRead);
        return until.compareTo(FIRST_RETRY) < 0 ? FIRST_RETRY : until;
    }

    /** Plans the next read; an earlier plan still waiting is dropped. Called holding the lock. */
    private void planRead(Duration delay) {
        if (stopped) {
            askedNow = false;
            return;
        }
        long id = ++plan;
        if (planned != null) {
            planned.cancel(false);
        }
        nextRead = clock.instant().plus(delay);
        try {
            planned = reader.schedule(() -> read(id), delay);
        } catch (RuntimeException e) { // e.g. rejected while the application stops
            askedNow = false;
            LOG.fine(() -> "No read of the identity provider's keys could be planned: " + e);
        }
    }

    private void read(long id) {
        synchronized (this) {
            if (id != plan || reading || stopped) {
                return; // a later plan took its place
            }
            reading = true;
            askedNow = false;
            lastAttempt = clock.instant();
        }
        JWKSet read = null;
        Exception failure = null;
        try {
            read = source.read();
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        boolean stopping;
        synchronized (this) {
            reading = false;
            stopping = stopped;
            if (read != null) {
                keys = read;
                failures = 0;
                planRead(TTL);
            } else {
                failures++;
                planRead(keys != null ? MIN_INTERVAL : backoff(failures));
            }
        }
        if (failure != null && !stopping) { // a read cut off because the application stops is no news
            String why = LogSafe.text(failure.getMessage());
            LOG.warning(() -> "The identity provider's keys could not be read from " + source.describe() + " (" + why + ")"
                    + (keys == null ? ": requests with a token are answered 503 until they can be" : ": the keys read before are used"));
        }
    }

    /** 1, 2, 4, 8, 16 and then 30 seconds between reads while no keys are known. */
    static Duration backoff(int failures) {
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 5));
        return wait.compareTo(MIN_INTERVAL) > 0 ? MIN_INTERVAL : wait;
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
