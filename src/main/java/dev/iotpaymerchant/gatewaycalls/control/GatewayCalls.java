package dev.iotpaymerchant.gatewaycalls.control;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.gatewaycalls.entity.GatewayCall;
import dev.iotpaymerchant.iotpay.control.CreateOutcome;
import dev.iotpaymerchant.iotpay.control.QueryOutcome;
import dev.iotpaymerchant.iotpay.control.RefundOutcome;
import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.platform.values.MinorUnits;

/**
 * Keeps every call to IOTPay for the operator's timeline ({@link RecordedGateway} makes the
 * calls and keeps them here). Recorded in a transaction of its own after the answer was applied,
 * so keeping the record never holds up or rolls back a payment; a record that cannot be written
 * is logged and the payment goes on.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class GatewayCalls {

    private static final Logger LOG = LogFields.logger(GatewayCalls.class);

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    /** Why we called. */
    public enum Cause { checkout, sweep, operator }

    public void created(String mchOrderNo, OffsetDateTime started, CreateOutcome outcome, String effect) {
        String[] said;
        if (outcome instanceof CreateOutcome.Accepted accepted) {
            said = new String[] {"ACCEPTED", "payOrderId " + accepted.payOrderId()};
        } else if (outcome instanceof CreateOutcome.Rejected rejected) {
            said = new String[] {"REJECTED", codeAndMessage(rejected.code(), rejected.message())};
        } else {
            said = new String[] {"UNKNOWN", ((CreateOutcome.Unknown) outcome).reason()};
        }
        record(mchOrderNo, null, "create_order", Cause.checkout, said, effect, started);
    }

    public void queried(String mchOrderNo, OffsetDateTime started, QueryOutcome outcome, String effect) {
        String[] said;
        if (outcome instanceof QueryOutcome.Found found) {
            said = new String[] {"FOUND", "IOTPay status " + found.state() + ", amount "
                    + MinorUnits.format(found.amount(), found.currency()) + ", payOrderId " + found.payOrderId()};
        } else if (outcome instanceof QueryOutcome.NotFound) {
            said = new String[] {"NOT_FOUND", "IOTPay has no such order (0112)"};
        } else if (outcome instanceof QueryOutcome.Rejected rejected) {
            said = new String[] {"REJECTED", codeAndMessage(rejected.code(), rejected.message())};
        } else {
            said = new String[] {"UNKNOWN", ((QueryOutcome.Unknown) outcome).reason()};
        }
        record(mchOrderNo, null, "query_order", Cause.sweep, said, effect, started);
    }

    public void refund(String mchOrderNo, String refundNo, boolean query, Cause cause, OffsetDateTime started,
                       RefundOutcome outcome, String effect) {
        String[] said;
        if (outcome instanceof RefundOutcome.Known known) {
            said = new String[] {known.state().name(), "refundOrderId " + known.refundOrderId()};
        } else if (outcome instanceof RefundOutcome.Rejected rejected) {
            said = new String[] {"REJECTED", codeAndMessage(rejected.code(), rejected.message())};
        } else if (outcome instanceof RefundOutcome.NotFound) {
            said = new String[] {"NOT_FOUND", "IOTPay has no such refund (0112)"};
        } else if (outcome instanceof RefundOutcome.QueryUnavailable unavailable) {
            said = new String[] {"NO_QUERY", unavailable.reason()};
        } else {
            said = new String[] {"UNKNOWN", ((RefundOutcome.Unknown) outcome).reason()};
        }
        record(mchOrderNo, refundNo, query ? "query_refund" : "refund_order", cause, said, effect, started);
    }

    /** The order's calls, oldest first. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<GatewayCall> of(String mchOrderNo) {
        return em.createNamedQuery(GatewayCall.OF_ORDER, GatewayCall.class).setParameter("number", mchOrderNo)
                .setMaxResults(500).getResultList();
    }

    private void record(String mchOrderNo, String refundNo, String operation, Cause cause, String[] said,
                        String effect, OffsetDateTime started) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        em.persist(new GatewayCall(new GatewayCall.Call(mchOrderNo, refundNo, operation, cause.name()), said[0], said[1],
                effect, started, Math.max(0, Duration.between(started, now).toMillis())));
    }

    /** Runs {@code record}; a record that cannot be kept is logged, and the payment it describes goes on. */
    public static void keep(Runnable record) {
        try {
            record.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not keep the record of an IOTPay call; the payment is not affected", e);
        }
    }

    private static String codeAndMessage(String code, String message) {
        String text = (code == null ? "" : code) + (message == null || message.isBlank() ? "" : " " + message);
        return text.isBlank() ? "no reason given" : text.trim();
    }
}
