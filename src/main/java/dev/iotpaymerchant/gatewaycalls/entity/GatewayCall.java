package dev.iotpaymerchant.gatewaycalls.entity;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import dev.iotpaymerchant.platform.values.StoredText;

/**
 * One call to IOTPay about an order (or one of its refunds), kept for the operator's timeline:
 * which operation, what caused it (checkout, sweep, operator), what IOTPay answered in our terms,
 * and what the answer changed. Written once, never updated.
 */
@Entity
@Table(name = "gateway_call", indexes = @Index(name = "ix_gateway_call_order", columnList = "mch_order_no, id"))
@NamedQuery(name = GatewayCall.OF_ORDER, query = "select c from GatewayCall c where c.mchOrderNo = :number order by c.id")
public class GatewayCall {

    public static final String OF_ORDER = "GatewayCall.ofOrder";

    @Id
    @SequenceGenerator(name = "gateway_call_seq", sequenceName = "gateway_call_seq", allocationSize = 500)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "gateway_call_seq")
    private Long id;

    @Column(name = "mch_order_no", length = 30, nullable = false, updatable = false)
    private String mchOrderNo;

    @Column(name = "refund_no", length = 30, updatable = false)
    private String refundNo;

    /** create_order, query_order, refund_order or query_refund. */
    @Column(name = "operation", length = 20, nullable = false, updatable = false)
    private String operation;

    /** checkout, sweep or operator. */
    @Column(name = "cause", length = 20, nullable = false, updatable = false)
    private String cause;

    /** The answer's kind in our terms, e.g. ACCEPTED, FOUND, REJECTED, UNKNOWN. */
    @Column(name = "outcome", length = 20, nullable = false, updatable = false)
    private String outcome;

    /** What IOTPay said, e.g. its status or error code and message (gateway text, stored clean). */
    @Column(name = "detail", length = 500, updatable = false)
    private String detail;

    /** What the answer changed here, e.g. "PENDING → PAID", or null. */
    @Column(name = "effect", length = 100, updatable = false)
    private String effect;

    @Column(name = "called_at", nullable = false, updatable = false)
    private OffsetDateTime calledAt;

    @Column(name = "duration_ms", nullable = false, updatable = false)
    private long durationMs;

    protected GatewayCall() {
        // JPA
    }

    /** Which call: about which order (and refund), what was asked, and why. */
    public record Call(String mchOrderNo, String refundNo, String operation, String cause) {
    }

    public GatewayCall(Call call, String outcome, String detail, String effect, OffsetDateTime calledAt, long durationMs) {
        this.mchOrderNo = call.mchOrderNo();
        this.refundNo = call.refundNo();
        this.operation = call.operation();
        this.cause = call.cause();
        this.outcome = StoredText.of(outcome, 20);
        this.detail = StoredText.of(detail, 500);
        this.effect = StoredText.of(effect, 100);
        this.calledAt = calledAt.withOffsetSameInstant(ZoneOffset.UTC);
        this.durationMs = durationMs;
    }

    public String getMchOrderNo() {
        return mchOrderNo;
    }

    public String getRefundNo() {
        return refundNo;
    }

    public String getOperation() {
        return operation;
    }

    public String getCause() {
        return cause;
    }

    public String getOutcome() {
        return outcome;
    }

    public String getDetail() {
        return detail;
    }

    public String getEffect() {
        return effect;
    }

    public OffsetDateTime getCalledAt() {
        return calledAt;
    }

    public long getDurationMs() {
        return durationMs;
    }
}
