package dev.iotpaymerchant.idempotency.boundary;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import dev.iotpaymerchant.idempotency.control.ClaimLost;
import dev.iotpaymerchant.idempotency.control.IdempotencyKeys;
import dev.iotpaymerchant.idempotency.control.KeyClaim;
import dev.iotpaymerchant.idempotency.entity.IdempotencyKey;
import dev.iotpaymerchant.platform.http.boundary.ProblemException;
import dev.iotpaymerchant.platform.http.boundary.ProblemMapper;

/**
 * The Idempotency-Key rule, once for every request that takes a key (orders, checkouts, refunds,
 * the console's actions). The key's primary key makes the database decide which of two concurrent
 * requests runs; the first request's answer is stored and replayed to every later one with the
 * same key and meaning. The same key with another meaning is 422; while the first still runs, 409.
 * <p>
 * A keyed retry is a replay first: the stored answer comes back before the endpoint's other rules
 * (an open checkout, the rate limit, who may choose an amount, a usable configuration), which only
 * a request that is to run pays ({@code rules}). Who the caller is and what the request means come
 * before: the key is the caller's own, and the meaning is what makes it a retry.
 * <p>
 * One key, one request: each claim writes a token, and naming what the request stored and storing
 * its answer are conditional on it ({@link IdempotencyKeys}). A request that ran so long that a
 * retry took its key over can do neither: its order or refund rolls back before IOTPay hears of it,
 * and its caller hears what the key says now.
 * <p>
 * A first request that failed before it stored anything gives its key back, so a retry runs again.
 * One that stored something (an order, a refund) and then failed keeps its key on that thing for
 * good: a retry is told about it and never makes a second one. Runs outside any transaction: the
 * key's claim, the work and the stored answer each commit on their own.
 */
@ApplicationScoped
public class IdempotentRequests {

    @Inject
    IdempotencyKeys keys;

    @Inject
    Clock clock;

    /** An answer as stored and replayed. */
    public record Answer(int status, String type, String body, String location) {

        /** A problem as an answer, to be stored and replayed like any other. */
        public static Answer of(ProblemException problem) {
            return new Answer(problem.status(), ProblemMapper.PROBLEM_JSON, ProblemMapper.json(problem, null), null);
        }

        public Response.ResponseBuilder response() {
            Response.ResponseBuilder response = Response.status(status).type(type).entity(body);
            if (location != null) {
                response.header("Location", location);
            }
            return response;
        }
    }

    /** What the rule answered, and whether it was the first request's stored answer, replayed. */
    public record Outcome(Answer answer, boolean replayed) {
    }

    /**
     * The stored answer of the key, or else: {@code rules} (which throw to refuse), the key's claim,
     * and {@code work} under that claim, whose answer is stored.
     */
    public Outcome run(IdempotentRequest request, Runnable rules, Function<KeyClaim, Answer> work) {
        Optional<Answer> stored = keys.find(request.key()).flatMap(existing -> replay(existing, request));
        if (stored.isPresent()) {
            return new Outcome(stored.get(), true);
        }
        rules.run();
        KeyClaim claim;
        try {
            claim = keys.claim(request.key(), request.hash());
        } catch (RuntimeException claimFailed) {
            // Another request took the key since it was looked up (the primary key said so), or the database is down.
            IdempotencyKey existing = keys.find(request.key()).orElseThrow(() -> claimFailed);
            Optional<Answer> earlier = replay(existing, request);
            if (earlier.isPresent()) {
                return new Outcome(earlier.get(), true);
            }
            try {
                claim = keys.claim(request.key(), request.hash()); // the stopped request's key was given back
            } catch (RuntimeException takenAgain) {
                throw busy(request, null); // another retry took it first
            }
        }
        return first(request, claim, work);
    }

    private Outcome first(IdempotentRequest request, KeyClaim claim, Function<KeyClaim, Answer> work) {
        Answer answer;
        try {
            answer = work.apply(claim);
        } catch (ClaimLost lost) {
            return overtaken(request); // rolled back: nothing of this request's was stored or sent
        } catch (ProblemException problem) {
            if (request.names() == null || !problem.extensions().containsKey(request.names())) {
                releaseQuietly(claim, problem); // nothing was stored: the key may be used again
                throw problem;
            }
            answer = Answer.of(problem);
        } catch (RuntimeException failure) {
            Optional<IdempotencyKey> held = request.names() == null ? Optional.empty()
                    : keys.find(request.key()).filter(key -> key.getClaimToken().equals(claim.token()));
            Optional<Answer> unfinished = held.map(IdempotencyKey::getMchOrderNo).flatMap(request.whenFailed());
            if (unfinished.isEmpty()) {
                releaseQuietly(claim, failure); // gives the key back only if it is still this request's and names nothing
                throw failure;
            }
            // Stored, perhaps sent: the key keeps answering with that, never a second one.
            answer = unfinished.get();
        }
        if (!keys.complete(claim, answer.status(), answer.type(), answer.body(), answer.location())) {
            return overtaken(request);
        }
        return new Outcome(answer, false);
    }

    /** This request lost its key to a retry: the answer the key has now, else 409 as while the retry runs. */
    private Outcome overtaken(IdempotentRequest request) {
        IdempotencyKey now = keys.find(request.key()).orElseThrow(() -> busy(request, null));
        if (now.isFor(request.hash()) && !now.isInFlight()) {
            return new Outcome(stored(now), true);
        }
        throw busy(request, now.getMchOrderNo());
    }

    /**
     * The stored answer; empty when the request may run: the first one with the key stopped before
     * storing anything (its key is given back, so a retry claims it afresh).
     */
    private Optional<Answer> replay(IdempotencyKey existing, IdempotentRequest request) {
        if (!existing.isFor(request.hash())) {
            throw new ProblemException(422, "idempotency-key-reused", "Idempotency-Key used for another request",
                    "This Idempotency-Key was first used for another request; use a new key for a new "
                            + request.noun() + ".");
        }
        if (!existing.isInFlight()) {
            return Optional.of(stored(existing));
        }
        String named = existing.getMchOrderNo();
        if (isStale(existing, request)) {
            if (named == null) {
                if (!keys.release(new KeyClaim(existing.getKey(), existing.getClaimToken()))) {
                    throw busy(request, null); // another retry took it over first, or the first one named something
                }
                return Optional.empty(); // nothing was stored: run it again, under a claim of its own
            }
            Optional<Answer> unfinished = request.whenStale().apply(named);
            if (unfinished.isPresent()) {
                return unfinished; // the node that took it stopped mid-way; the sweep settles what it stored
            }
        }
        throw busy(request, named);
    }

    private static Answer stored(IdempotencyKey key) {
        return new Answer(key.getResponseStatus(), key.getResponseType(), key.getResponseBody(), key.getResponseLocation());
    }

    private static ProblemException busy(IdempotentRequest request, String named) {
        ProblemException busy = new ProblemException(409, "idempotency-key-in-flight", "Request still in progress",
                "A request with this Idempotency-Key is still being processed; retry in a few seconds.");
        if (named != null && request.names() != null) {
            busy.with(request.names(), named);
        }
        return busy;
    }

    private boolean isStale(IdempotencyKey key, IdempotentRequest request) {
        return key.getCreatedAt().isBefore(OffsetDateTime.now(clock).minus(request.staleAfter()));
    }

    private void releaseQuietly(KeyClaim claim, RuntimeException cause) {
        try {
            keys.release(claim);
        } catch (RuntimeException alsoFailed) {
            cause.addSuppressed(alsoFailed);
        }
    }
}
