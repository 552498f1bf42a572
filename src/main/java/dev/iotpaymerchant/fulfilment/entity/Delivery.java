package dev.iotpaymerchant.fulfilment.entity;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/**
 * Where one outbox event stands with one destination (the CDI observers, the webhook): its state,
 * the attempts so far, when it is next due (only while PENDING), the last error, and the claim
 * token of the run that may deliver it now. A run's outcome is recorded only while it still holds
 * the claim, so a run whose lease ran out can never write over a newer one. The columns are named
 * per destination by the event ({@code observers_…}, {@code webhook_…}).
 */
@Embeddable
public class Delivery {

    static final int MAX_ERROR = 500;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", length = 12, nullable = false)
    private DeliveryState state;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "next_at")
    private OffsetDateTime nextAt;

    @Column(name = "error", length = MAX_ERROR)
    private String error;

    @Column(name = "done_at")
    private OffsetDateTime doneAt;

    /** The claim token of the run that may deliver now; null when no run holds a claim. */
    @Column(name = "claim", length = 32)
    private String claim;

    protected Delivery() {
        // for JPA
    }

    /** Due at {@code at}. */
    static Delivery pending(OffsetDateTime at) {
        Delivery delivery = new Delivery();
        delivery.state = DeliveryState.PENDING;
        delivery.nextAt = utc(at);
        return delivery;
    }

    /** Never to be delivered, as of {@code at}. */
    static Delivery skipped(OffsetDateTime at) {
        Delivery delivery = new Delivery();
        delivery.state = DeliveryState.SKIPPED;
        delivery.doneAt = utc(at);
        return delivery;
    }

    /** Taken by the run holding {@code token}: no run takes it again before {@code leaseEnds}. */
    void claimed(String token, OffsetDateTime leaseEnds) {
        attempts++;
        claim = token;
        nextAt = utc(leaseEnds);
    }

    /** True while the run holding {@code token} still holds the claim. */
    boolean claimedBy(String token) {
        return state == DeliveryState.PENDING && token != null && token.equals(claim);
    }

    /** The run gives its claim back untried: due again at once, the attempt not counted. */
    boolean released(String token, OffsetDateTime now) {
        if (!claimedBy(token)) {
            return false;
        }
        attempts--;
        claim = null;
        nextAt = utc(now);
        return true;
    }

    /** The destination took it; false (and nothing changed) when {@code token} lost its claim. */
    boolean delivered(String token, OffsetDateTime now) {
        if (!claimedBy(token)) {
            return false;
        }
        claim = null;
        state = DeliveryState.DELIVERED;
        nextAt = null;
        error = null;
        doneAt = utc(now);
        return true;
    }

    /**
     * A failed try: again after {@code retryAfter}, or FAILED for good when there is none. False
     * (and nothing changed) when {@code token} lost its claim.
     */
    boolean failed(String token, String why, Duration retryAfter, OffsetDateTime now) {
        if (!claimedBy(token)) {
            return false;
        }
        claim = null;
        error = why == null || why.length() <= MAX_ERROR ? why : why.substring(0, MAX_ERROR);
        if (retryAfter == null) {
            state = DeliveryState.FAILED;
            nextAt = null;
            doneAt = utc(now);
        } else {
            nextAt = utc(now.plus(retryAfter));
        }
        return true;
    }

    /** An operator asks for another round of tries, from now, with the full schedule. */
    void redeliver(OffsetDateTime now) {
        state = DeliveryState.PENDING;
        attempts = 0;
        claim = null;
        nextAt = utc(now);
        doneAt = null;
    }

    public DeliveryState state() {
        return state;
    }

    public int attempts() {
        return attempts;
    }

    public OffsetDateTime nextAt() {
        return nextAt;
    }

    public String error() {
        return error;
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC);
    }
}
