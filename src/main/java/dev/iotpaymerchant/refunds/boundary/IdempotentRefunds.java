package dev.iotpaymerchant.refunds.boundary;

import java.net.URI;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;

import dev.iotpaymerchant.access.control.Caller;
import dev.iotpaymerchant.idempotency.control.IdempotencyKeys;
import dev.iotpaymerchant.idempotency.entity.IdempotencyKey;
import dev.iotpaymerchant.platform.boundary.ProblemMapper;
import dev.iotpaymerchant.platform.control.ProblemException;
import dev.iotpaymerchant.refunds.control.RefundView;
import dev.iotpaymerchant.refunds.control.Refunding;
import dev.iotpaymerchant.refunds.entity.Refund;

/**
 * A refund under an Idempotency-Key, as orders are created: the first request with a key makes
 * the refund (one refund_order at IOTPay); every later one with the same key and body gets the
 * same answer; the same key with another body is 422; while the first is running, 409.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class IdempotentRefunds {

    @Inject
    IdempotencyKeys keys;

    @Inject
    Refunding refunding;

    @Inject
    Caller caller;

    /** An answer as stored and replayed. */
    public record Answer(int status, String type, String body, String location) {
    }

    public Answer refund(String idempotencyKey, String mchOrderNo, RefundRequestJson request, String clientIp, URI refundsBase) {
        String key = "refund:" + IdempotencyKeys.scoped(caller.subject(), idempotencyKey);
        String hash = IdempotencyKeys.hash(request.meaning(mchOrderNo));
        try {
            keys.claim(key, hash);
        } catch (RuntimeException claimFailed) {
            IdempotencyKey existing = keys.find(key).orElseThrow(() -> claimFailed);
            return replay(existing, hash);
        }
        Answer answer;
        try {
            Refund refund = refunding.refund(mchOrderNo, request.amount(), request.reason(), clientIp, caller.subject(), key);
            answer = new Answer(201, MediaType.APPLICATION_JSON, RefundView.of(refund).toString(),
                    refundsBase.resolve(refund.getRefundNo()).toString());
        } catch (ProblemException problem) {
            if (!problem.extensions().containsKey("refundNo")) {
                keys.release(key); // nothing was stored: the key may be used again
                throw problem;
            }
            answer = new Answer(problem.status(), ProblemMapper.PROBLEM_JSON, ProblemMapper.json(problem, null), null);
        } catch (RuntimeException failure) {
            String refundNo = keys.find(key).map(IdempotencyKey::getMchOrderNo).orElse(null);
            if (refundNo == null) {
                releaseQuietly(key, failure); // nothing was stored: the key may be used again
                throw failure;
            }
            // Stored, perhaps sent: the key keeps answering with this refund, never a second one.
            answer = unknownOutcome(refundNo, mchOrderNo);
        }
        keys.complete(key, answer.status(), answer.type(), answer.body(), answer.location());
        return answer;
    }

    private static Answer unknownOutcome(String refundNo, String mchOrderNo) {
        ProblemException unknown = new ProblemException(504, "refund-outcome-unknown", "Refund outcome unknown",
                "The refund was stored but its outcome is not known yet; poll GET /api/orders/" + mchOrderNo + "/refunds/"
                        + refundNo + ". Do not send it again under a new key.")
                .with("refundNo", refundNo).with("mchOrderNo", mchOrderNo);
        return new Answer(504, ProblemMapper.PROBLEM_JSON, ProblemMapper.json(unknown, null), null);
    }

    private void releaseQuietly(String key, RuntimeException cause) {
        try {
            keys.release(key);
        } catch (RuntimeException alsoFailed) {
            cause.addSuppressed(alsoFailed);
        }
    }

    private static Answer replay(IdempotencyKey existing, String hash) {
        if (!existing.isFor(hash)) {
            throw new ProblemException(422, "idempotency-key-reused", "Idempotency-Key used for another request",
                    "This Idempotency-Key was first used for another refund; use a new key for a new refund.");
        }
        if (existing.isInFlight()) {
            ProblemException busy = new ProblemException(409, "idempotency-key-in-flight", "Request still in progress",
                    "A refund with this Idempotency-Key is still being processed; retry in a few seconds.");
            if (existing.getMchOrderNo() != null) {
                busy.with("refundNo", existing.getMchOrderNo()); // what the first request stored
            }
            throw busy;
        }
        return new Answer(existing.getResponseStatus(), existing.getResponseType(), existing.getResponseBody(),
                existing.getResponseLocation());
    }
}
