package dev.iotpaymerchant.idempotency.boundary;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import dev.iotpaymerchant.idempotency.boundary.IdempotentRequests.Answer;
import dev.iotpaymerchant.idempotency.control.IdempotencyKeys;

/**
 * One request under an Idempotency-Key, as the idempotency rule needs to know it.
 *
 * @param key        the key as stored ({@link IdempotencyKeyHeader#scoped})
 * @param hash       the hash of what the request means ({@link IdempotencyKeys#hash})
 * @param noun       what the request makes, for the answers' wording: "order", "refund", …
 * @param names      the problem extension that names what the first request stored
 *                   ("mchOrderNo", "refundNo"), or null when it stores nothing of its own
 * @param staleAfter how long a first request may run; after that it is taken to have stopped
 * @param whenStale  the answer to a retry while the first request, which stored the thing named,
 *                   is stale (empty: 409, as while it runs)
 * @param whenFailed the answer stored for good when the first request failed after it stored the
 *                   thing named (empty: the failure goes to the caller and the key stays in flight)
 */
public record IdempotentRequest(String key, String hash, String noun, String names, Duration staleAfter,
                                Function<String, Optional<Answer>> whenStale,
                                Function<String, Optional<Answer>> whenFailed) {

    /** A request that stores nothing the key must name (an operator's action). */
    public static IdempotentRequest action(String key, String meaning, String noun, Duration staleAfter) {
        return new IdempotentRequest(key, IdempotencyKeys.hash(meaning), noun, null, staleAfter, named -> Optional.empty(),
                named -> Optional.empty());
    }
}
