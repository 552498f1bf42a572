package dev.iotpaymerchant.fulfilment.entity;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.AttributeOverrides;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.iotpaymerchant.platform.values.StoredText;

/**
 * One event of the transactional outbox: written in the transaction of the transition it
 * announces, then delivered at least once to each destination (the CDI observers, the webhook),
 * each with its own state, attempts and next due time. Only a pending delivery has a due time.
 */
@Entity
@Table(name = "payment_event", indexes = {
        @Index(name = "ix_payment_event_order", columnList = "mch_order_no, id"),
        @Index(name = "ix_payment_event_observers_due", columnList = "observers_next_at, id"),
        @Index(name = "ix_payment_event_webhook_due", columnList = "webhook_next_at, id")})
@NamedQuery(name = OutboxEvent.OF_ORDER, query = "select e from OutboxEvent e where e.mchOrderNo = :number order by e.id")
@NamedQuery(name = OutboxEvent.BY_IDS, query = "select e from OutboxEvent e where e.id in :ids order by e.id")
public class OutboxEvent {

    public static final String OF_ORDER = "OutboxEvent.ofOrder";
    public static final String BY_IDS = "OutboxEvent.byIds";
    private static final int MAX_DONE = 4000;

    @Id
    @SequenceGenerator(name = "payment_event_seq", sequenceName = "payment_event_seq", allocationSize = 500)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "payment_event_seq")
    private Long id;

    @Column(name = "event_id", length = 40, nullable = false, unique = true, updatable = false)
    private String eventId;

    /** The wire name, e.g. payment.succeeded. */
    @Column(name = "type", length = 40, nullable = false, updatable = false)
    private String type;

    @Column(name = "mch_order_no", length = 30, nullable = false, updatable = false)
    private String mchOrderNo;

    /** The order as GET /api/orders/{no} showed it when the transition committed. */
    @Column(name = "payload", length = StoredText.UNBOUNDED, nullable = false, updatable = false)
    private String payload;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt;

    /** The delivery to the application's CDI observers. */
    @Embedded
    @AttributeOverrides({
            @AttributeOverride(name = "state", column = @Column(name = "observers_state", length = 12, nullable = false)),
            @AttributeOverride(name = "attempts", column = @Column(name = "observers_attempts", nullable = false)),
            @AttributeOverride(name = "nextAt", column = @Column(name = "observers_next_at")),
            @AttributeOverride(name = "error", column = @Column(name = "observers_error", length = Delivery.MAX_ERROR)),
            @AttributeOverride(name = "doneAt", column = @Column(name = "observers_done_at")),
            @AttributeOverride(name = "claim", column = @Column(name = "observers_claim", length = 32))})
    private Delivery observers;

    /** The observers that already returned normally for this event, one id a line: they are not called again. */
    @Column(name = "observers_done", length = MAX_DONE)
    private String observersDone;

    /** The delivery to the webhook. */
    @Embedded
    @AttributeOverrides({
            @AttributeOverride(name = "state", column = @Column(name = "webhook_state", length = 12, nullable = false)),
            @AttributeOverride(name = "attempts", column = @Column(name = "webhook_attempts", nullable = false)),
            @AttributeOverride(name = "nextAt", column = @Column(name = "webhook_next_at")),
            @AttributeOverride(name = "error", column = @Column(name = "webhook_error", length = Delivery.MAX_ERROR)),
            @AttributeOverride(name = "doneAt", column = @Column(name = "webhook_done_at")),
            @AttributeOverride(name = "claim", column = @Column(name = "webhook_claim", length = 32))})
    private Delivery webhook;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected OutboxEvent() {
        // for JPA
    }

    /**
     * How far before its writing a new event is due. Due work is claimed by the database's time,
     * but the event is written with the node's: a node whose clock is ahead of the database's (by
     * less than this) still finds the events it writes due at once, on its wake-up after the commit.
     * New events are claimed in id order among themselves.
     */
    public static final Duration WRITER_CLOCK_TOLERANCE = Duration.ofMinutes(1);

    /**
     * A new event. Whether it goes to a webhook is decided now, by the node that writes it: without
     * a configured webhook it is SKIPPED for good, and no node ever claims it for one.
     */
    public OutboxEvent(String eventId, String type, String mchOrderNo, String payload, OffsetDateTime now,
                       boolean webhookConfigured) {
        this.eventId = eventId;
        this.type = type;
        this.mchOrderNo = mchOrderNo;
        this.payload = payload;
        this.createdAt = utc(now);
        OffsetDateTime dueAlready = createdAt.minus(WRITER_CLOCK_TOLERANCE);
        this.observers = Delivery.pending(dueAlready);
        this.webhook = webhookConfigured ? Delivery.pending(dueAlready) : Delivery.skipped(createdAt);
    }

    // ---- the CDI observers ---------------------------------------------------------------------

    /**
     * Taken for delivery by the run holding {@code token}: no run takes it again before
     * {@code leaseEnds}, and only that run's outcome is recorded.
     */
    public void observersClaimed(String token, OffsetDateTime leaseEnds) {
        observers.claimed(token, leaseEnds);
    }

    /** True while the run holding {@code token} still holds the claim on the observers' delivery. */
    public boolean observersClaimedBy(String token) {
        return observers.claimedBy(token);
    }

    /**
     * The run gives its claim back without having tried (its lease would not cover the work): the
     * delivery is due again at once, and the attempt it had counted is not counted.
     */
    public boolean observersReleased(String token, OffsetDateTime now) {
        return observers.released(token, now);
    }

    public Set<String> observersDone() {
        return observersDone == null || observersDone.isEmpty() ? new TreeSet<>()
                : new TreeSet<>(Arrays.asList(observersDone.split("\n")));
    }

    /** Records that every observer took the event; false (and nothing changed) when {@code token} lost its claim. */
    public boolean observersDelivered(String token, Set<String> done, OffsetDateTime now) {
        if (!observers.claimedBy(token)) {
            return false;
        }
        rememberObservers(done);
        return observers.delivered(token, now);
    }

    /**
     * Some observer threw: try again after {@code retryAfter}, or give up when there is none. False
     * (and nothing changed) when {@code token} lost its claim.
     */
    public boolean observersFailed(String token, Set<String> done, String error, Duration retryAfter, OffsetDateTime now) {
        if (!observers.claimedBy(token)) {
            return false;
        }
        rememberObservers(done);
        return observers.failed(token, error, retryAfter, now);
    }

    /**
     * An operator asks for another round of tries at the CDI observers of a FAILED delivery, from
     * now, with the full schedule. The observers that already took the event are not called again.
     */
    public void observersRedeliver(OffsetDateTime now) {
        if (observers.state() != DeliveryState.FAILED) {
            throw new IllegalStateException("only a FAILED delivery to the observers is redelivered; this one is "
                    + observers.state());
        }
        observers.redeliver(now);
    }

    // ---- the webhook ---------------------------------------------------------------------------

    /** Taken for one webhook try by the run holding {@code token}, until {@code leaseEnds}. */
    public void webhookClaimed(String token, OffsetDateTime leaseEnds) {
        webhook.claimed(token, leaseEnds);
    }

    /** True while the run holding {@code token} still holds the claim on the webhook delivery. */
    public boolean webhookClaimedBy(String token) {
        return webhook.claimedBy(token);
    }

    /** The run gives its claim back untried: due again at once, the attempt not counted. */
    public boolean webhookReleased(String token, OffsetDateTime now) {
        return webhook.released(token, now);
    }

    /** Records a 2xx answer; false (and nothing changed) when {@code token} lost its claim. */
    public boolean webhookDelivered(String token, OffsetDateTime now) {
        return webhook.delivered(token, now);
    }

    /** Records a failed try; false (and nothing changed) when {@code token} lost its claim. */
    public boolean webhookFailed(String token, String error, Duration retryAfter, OffsetDateTime now) {
        return webhook.failed(token, error, retryAfter, now);
    }

    /** An operator asks for another round of webhook tries, from now, with the full schedule. */
    public void webhookRedeliver(OffsetDateTime now) {
        webhook.redeliver(now);
    }

    private void rememberObservers(Set<String> done) {
        String joined = String.join("\n", new TreeSet<>(done));
        observersDone = joined.length() <= MAX_DONE ? joined : observersDone;
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC);
    }

    public Long getId() {
        return id;
    }

    public String getEventId() {
        return eventId;
    }

    public String getType() {
        return type;
    }

    public String getMchOrderNo() {
        return mchOrderNo;
    }

    public String getPayload() {
        return payload;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    public DeliveryState getObserversState() {
        return observers.state();
    }

    public int getObserversAttempts() {
        return observers.attempts();
    }

    public OffsetDateTime getObserversNextAt() {
        return observers.nextAt();
    }

    public String getObserversError() {
        return observers.error();
    }

    public DeliveryState getWebhookState() {
        return webhook.state();
    }

    public int getWebhookAttempts() {
        return webhook.attempts();
    }

    public OffsetDateTime getWebhookNextAt() {
        return webhook.nextAt();
    }

    public String getWebhookError() {
        return webhook.error();
    }
}
