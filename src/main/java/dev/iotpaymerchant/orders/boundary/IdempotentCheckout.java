package dev.iotpaymerchant.orders.boundary;

import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;

import dev.iotpaymerchant.idempotency.control.IdempotencyKeys;
import dev.iotpaymerchant.orders.control.NewOrder;
import dev.iotpaymerchant.idempotency.entity.IdempotencyKey;
import dev.iotpaymerchant.platform.boundary.ProblemMapper;
import dev.iotpaymerchant.platform.control.ProblemException;
import dev.iotpaymerchant.platform.control.Settings;
import dev.iotpaymerchant.iotpay.control.IotPaySettings;

/**
 * {@code POST /api/orders} with an Idempotency-Key: the first request with a key creates the order
 * (one create_order at IOTPay); every later one with the same key and body gets the same answer;
 * the same key with another body is 422; while the first is still running, 409.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class IdempotentCheckout {

    @Inject
    IdempotencyKeys keys;

    @Inject
    Checkout checkout;

    @Inject
    Settings settings;

    @Inject
    IotPaySettings iotpay;

    @Inject
    Clock clock;

    /** An answer as stored and replayed. */
    public record Answer(int status, String type, String body, String location) {
    }

    /** {@code key} is the caller's key as stored: {@link IdempotencyKeys#scoped} to its owner. */
    public Answer create(String key, NewOrder request, Optional<String> owner, URI ordersBase) {
        String hash = IdempotencyKeys.hash(request.meaning());
        settings.requireUsable(); // a misconfigured node stores no key either
        try {
            keys.claim(key, hash);
        } catch (RuntimeException claimFailed) {
            // Another request holds the key (the primary key said so), or the database is down.
            IdempotencyKey existing = keys.find(key).orElseThrow(() -> claimFailed);
            return replay(existing, hash);
        }
        Answer answer;
        try {
            Checkout.Started started = checkout.start(request, owner, Optional.of(key));
            answer = new Answer(201, MediaType.APPLICATION_JSON, OrdersResource.createdJson(started),
                    ordersBase.resolve(started.order().getMchOrderNo()).toString());
        } catch (ProblemException problem) {
            if (!problem.extensions().containsKey("mchOrderNo")) {
                keys.release(key);
                throw problem;
            }
            answer = new Answer(problem.status(), ProblemMapper.PROBLEM_JSON, ProblemMapper.json(problem, null), null);
        } catch (RuntimeException failure) {
            releaseQuietly(key, failure);
            throw failure;
        }
        keys.complete(key, answer.status(), answer.type(), answer.body(), answer.location());
        return answer;
    }

    private Answer replay(IdempotencyKey existing, String hash) {
        if (!existing.isFor(hash)) {
            throw new ProblemException(422, "idempotency-key-reused", "Idempotency-Key used for another request",
                    "This Idempotency-Key was first used with a different request body; use a new key for a new order.");
        }
        if (!existing.isInFlight()) {
            return new Answer(existing.getResponseStatus(), existing.getResponseType(), existing.getResponseBody(),
                    existing.getResponseLocation());
        }
        if (existing.getMchOrderNo() != null && isStale(existing)) {
            // The node that took the first request stopped mid-way; the reconciliation settles the order.
            ProblemException unknown = new ProblemException(504, "gateway-outcome-unknown", "Payment outcome unknown",
                    "The first request with this key did not finish. Poll GET /api/orders/" + existing.getMchOrderNo()
                            + " for the order's status.").with("mchOrderNo", existing.getMchOrderNo());
            return new Answer(504, ProblemMapper.PROBLEM_JSON, ProblemMapper.json(unknown, null), null);
        }
        ProblemException busy = new ProblemException(409, "idempotency-key-in-flight", "Request still in progress",
                "A request with this Idempotency-Key is still being processed; retry in a few seconds.");
        if (existing.getMchOrderNo() != null) {
            busy.with("mchOrderNo", existing.getMchOrderNo());
        }
        throw busy;
    }

    private boolean isStale(IdempotencyKey key) {
        OffsetDateTime limit = OffsetDateTime.now(clock)
                .minus(iotpay.connectTimeout()).minus(iotpay.readTimeout()).minusMinutes(1);
        return key.getCreatedAt().isBefore(limit);
    }

    private void releaseQuietly(String key, RuntimeException cause) {
        try {
            keys.release(key);
        } catch (RuntimeException alsoFailed) {
            cause.addSuppressed(alsoFailed);
        }
    }
}
