package dev.iotpaymerchant.itsupport;

import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.access.control.Actor;
import dev.iotpaymerchant.idempotency.boundary.IdempotencyKeyHeader;
import dev.iotpaymerchant.idempotency.control.IdempotencyKeys;
import dev.iotpaymerchant.idempotency.control.KeyClaim;
import dev.iotpaymerchant.idempotency.entity.IdempotencyKey;
import dev.iotpaymerchant.iotpay.control.IotPayClient;
import dev.iotpaymerchant.iotpay.control.NewGatewayRefund;
import dev.iotpaymerchant.refunds.boundary.RefundRequestJson;
import dev.iotpaymerchant.refunds.control.RefundLedger;

/**
 * Test-only: what a node leaves behind when it dies in the middle of {@code POST …/refunds} with an
 * Idempotency-Key, after {@code refund_order} went out and before the answer was stored: the key
 * claimed and naming the refund, the refund stored {@code UNKNOWN}, no answer for the key.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class InterruptedRefunds {

    @Inject
    IdempotencyKeys keys;

    @Inject
    RefundLedger ledger;

    @Inject
    IotPayClient iotpay;

    @PersistenceContext
    EntityManager em;

    /** The steps of {@code IdempotentRefunds} and {@code Refunding} up to the call; returns the refund's number. */
    public String interrupt(String mchOrderNo, String idempotencyKey, String body) {
        RefundRequestJson request = RefundRequestJson.read(body);
        String key = storedKey(idempotencyKey);
        KeyClaim claim = keys.claim(key, IdempotencyKeys.hash(request.meaning(mchOrderNo)));
        RefundLedger.Registered registered = ledger.register(mchOrderNo, request.amount(), request.reason(),
                new Actor("anonymous (api.auth=none) from 127.0.0.1", Optional.empty()), claim); // as a caller without a token
        iotpay.refundOrder(new NewGatewayRefund(registered.refundNo(), registered.payOrderId(), registered.amount(),
                registered.currency(), "127.0.0.1", registered.channel()));
        return registered.refundNo(); // and the node is gone: nothing is applied, no answer is stored
    }

    /** Whether a refund Idempotency-Key (as a caller without a token sends it) is still stored. */
    public boolean isStored(String idempotencyKey) {
        return em.find(IdempotencyKey.class, storedKey(idempotencyKey)) != null;
    }

    private static String storedKey(String idempotencyKey) {
        return IdempotencyKeyHeader.scoped("refund", Optional.empty(), idempotencyKey);
    }
}
