package dev.iotpaymerchant.fulfilment.entity;

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

/** One try to deliver an event to the webhook: when, how long, what came back or what went wrong. */
@Entity
@Table(name = "webhook_attempt", indexes = @Index(name = "ix_webhook_attempt_event", columnList = "event_id, attempt"))
@NamedQuery(name = WebhookAttempt.OF_EVENT, query = "select a from WebhookAttempt a where a.eventId = :eventId order by a.attempt, a.id")
public class WebhookAttempt {

    public static final String OF_EVENT = "WebhookAttempt.ofEvent";

    @Id
    @SequenceGenerator(name = "webhook_attempt_seq", sequenceName = "webhook_attempt_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "webhook_attempt_seq")
    private Long id;

    @Column(name = "event_id", length = 40, nullable = false, updatable = false)
    private String eventId;

    @Column(name = "attempt", nullable = false, updatable = false)
    private int attempt;

    @Column(name = "attempted_at", nullable = false, updatable = false)
    private OffsetDateTime attemptedAt;

    @Column(name = "duration_ms", nullable = false, updatable = false)
    private long durationMs;

    /** The receiver's HTTP status; null when no answer came (timeout, refused connection). */
    @Column(name = "http_status", updatable = false)
    private Integer httpStatus;

    @Column(name = "error", length = 500, updatable = false)
    private String error;

    protected WebhookAttempt() {
        // for JPA
    }

    public WebhookAttempt(String eventId, int attempt, OffsetDateTime attemptedAt, long durationMs, Integer httpStatus,
                          String error) {
        this.eventId = eventId;
        this.attempt = attempt;
        this.attemptedAt = attemptedAt.withOffsetSameInstant(ZoneOffset.UTC);
        this.durationMs = durationMs;
        this.httpStatus = httpStatus;
        this.error = error == null || error.length() <= 500 ? error : error.substring(0, 500);
    }

    public String getEventId() {
        return eventId;
    }

    public int getAttempt() {
        return attempt;
    }

    public OffsetDateTime getAttemptedAt() {
        return attemptedAt;
    }

    public long getDurationMs() {
        return durationMs;
    }

    public Integer getHttpStatus() {
        return httpStatus;
    }

    public String getError() {
        return error;
    }
}
