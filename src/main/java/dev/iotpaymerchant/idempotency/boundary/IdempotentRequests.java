package dev.iotpaymerchant.idempotency.boundary;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import dev.iotpaymerchant.idempotency.control.IdempotencyKeys;
import dev.iotpaymerchant.idempotency.entity.IdempotencyKey;
import dev.iotpaymerchant.platform.boundary.ProblemMapper;
import dev.iotpaymerchant.platform.boundary.ProblemException;

/**
 * The Idempotency-Key rule, once for every request that takes a key (orders, refunds, the
 * console's actions). The key's primary key makes the database decide which of two concurrent
 * requests runs; the first request's answer is stored and replayed to every later one with the
 * same key and meaning. The same key with another meaning is 422; while the first still runs, 409.
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

    public Outcome run(IdempotentRequest request, Supplier<Answer> work) {
        Optional<Answer> earlier = claim(request);
        if (earlier.isPresent()) {
            return new Outcome(earlier.get(), true);
        }
        return new Outcome(first(request, work), false);
    }

    /** Claims the key; or the answer a request with it gave before (or a 409/422). */
    private Optional<Answer> claim(IdempotentRequest request) {
        try {
            keys.claim(request.key(), request.hash());
            return Optional.empty();
        } catch (RuntimeException claimFailed) {
            // Another request holds the key (the primary key said so), or the database is down.
            IdempotencyKey existing = keys.find(request.key()).orElseThrow(() -> claimFailed);
            Optional<Answer> replay = replay(existing, request);
            if (replay.isPresent()) {
                return replay;
            }
            try {
                keys.claim(request.key(), request.hash()); // the stopped request's key was given back
            } catch (RuntimeException takenAgain) {
                throw busy(request, null); // another retry took it first
            }
            return Optional.empty();
        }
    }

    private Answer first(IdempotentRequest request, Supplier<Answer> work) {
        Answer answer;
        try {
            answer = work.get();
        } catch (ProblemException problem) {
            if (request.names() == null || !problem.extensions().containsKey(request.names())) {
                releaseQuietly(request.key(), problem); // nothing was stored: the key may be used again
                throw problem;
            }
            answer = Answer.of(problem);
        } catch (RuntimeException failure) {
            Optional<Answer> unfinished = request.names() == null ? Optional.empty()
                    : keys.find(request.key()).map(IdempotencyKey::getMchOrderNo).flatMap(request.whenFailed());
            if (unfinished.isEmpty()) {
                releaseQuietly(request.key(), failure); // gives the key back only if it names nothing
                throw failure;
            }
            // Stored, perhaps sent: the key keeps answering with that, never a second one.
            answer = unfinished.get();
        }
        keys.complete(request.key(), answer.status(), answer.type(), answer.body(), answer.location());
        return answer;
    }

    /** The stored answer; empty when the first request stopped before storing anything (its key is given back). */
    private Optional<Answer> replay(IdempotencyKey existing, IdempotentRequest request) {
        if (!existing.isFor(request.hash())) {
            throw new ProblemException(422, "idempotency-key-reused", "Idempotency-Key used for another request",
                    "This Idempotency-Key was first used for another request; use a new key for a new "
                            + request.noun() + ".");
        }
        if (!existing.isInFlight()) {
            return Optional.of(new Answer(existing.getResponseStatus(), existing.getResponseType(),
                    existing.getResponseBody(), existing.getResponseLocation()));
        }
        String named = existing.getMchOrderNo();
        if (isStale(existing, request)) {
            if (named == null) {
                keys.release(request.key()); // nothing was stored: run it again
                return Optional.empty();
            }
            Optional<Answer> unfinished = request.whenStale().apply(named);
            if (unfinished.isPresent()) {
                return unfinished; // the node that took it stopped mid-way; the sweep settles what it stored
            }
        }
        throw busy(request, named);
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

    private void releaseQuietly(String key, RuntimeException cause) {
        try {
            keys.release(key);
        } catch (RuntimeException alsoFailed) {
            cause.addSuppressed(alsoFailed);
        }
    }
}
