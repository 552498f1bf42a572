package dev.iotpaymerchant.access.entity;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

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
 * One operator action: who, what, when, on which order, and the note they gave. Written in the
 * transaction of the action itself, so an action and its entry exist together or not at all.
 */
@Entity
@Table(name = "audit_entry", indexes = @Index(name = "ix_audit_entry_order", columnList = "mch_order_no, id"))
@NamedQuery(name = AuditEntry.OF_ORDER, query = "select a from AuditEntry a where a.mchOrderNo = :number order by a.id")
public class AuditEntry {

    public static final String OF_ORDER = "AuditEntry.ofOrder";
    public static final int MAX_NOTE = 1000;

    @Id
    @SequenceGenerator(name = "audit_entry_seq", sequenceName = "audit_entry_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_entry_seq")
    private Long id;

    @Column(name = "recorded_at", nullable = false, updatable = false)
    private OffsetDateTime recordedAt;

    @Column(name = "actor", length = 255, nullable = false, updatable = false)
    private String actor;

    /** e.g. refund.requested, review.resolved, webhook.redelivered. */
    @Column(name = "action", length = 40, nullable = false, updatable = false)
    private String action;

    @Column(name = "mch_order_no", length = 30, updatable = false)
    private String mchOrderNo;

    /** What the action was about besides the order: a refundNo or an eventId. */
    @Column(name = "target", length = 64, updatable = false)
    private String target;

    @Column(name = "note", length = MAX_NOTE, updatable = false)
    private String note;

    /**
     * Before 0.2.0, the hash of who sent a redelivery and its Idempotency-Key; the idempotency
     * component keeps those keys now, and new entries leave this empty.
     */
    @Column(name = "request_key", length = 64, unique = true, updatable = false)
    private String requestKey;

    protected AuditEntry() {
        // JPA
    }

    public AuditEntry(OffsetDateTime recordedAt, String actor, String action, String mchOrderNo, String target,
                      String note) {
        // As the database keeps it (microseconds), so a replayed answer equals the first one.
        this.recordedAt = recordedAt.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        this.actor = StoredText.of(actor, 255);
        this.action = action;
        this.mchOrderNo = mchOrderNo;
        this.target = StoredText.of(target, 64);
        this.note = StoredText.of(note, MAX_NOTE);
    }

    public Long getId() {
        return id;
    }

    public OffsetDateTime getRecordedAt() {
        return recordedAt;
    }

    public String getActor() {
        return actor;
    }

    public String getAction() {
        return action;
    }

    public String getMchOrderNo() {
        return mchOrderNo;
    }

    public String getTarget() {
        return target;
    }

    public String getNote() {
        return note;
    }
}
