package dev.iotpaymerchant.console.entity;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.iotpaymerchant.platform.values.StoredText;

/**
 * An operator dealt with an order in the review queue (NEEDS_REVIEW, or PAID_AFTER_CLOSE) and
 * said how. The order keeps its status: the resolution only takes it off the queue.
 */
@Entity
@Table(name = "review_resolution")
public class ReviewResolution {

    public static final int MAX_NOTE = 1000;

    @Id
    @Column(name = "mch_order_no", length = 30, nullable = false, updatable = false)
    private String mchOrderNo;

    /** The order's status when it was resolved. */
    @Column(name = "status", length = 20, nullable = false, updatable = false)
    private String status;

    @Column(name = "resolved_by", length = 255, nullable = false, updatable = false)
    private String resolvedBy;

    @Column(name = "resolved_at", nullable = false, updatable = false)
    private OffsetDateTime resolvedAt;

    @Column(name = "note", length = MAX_NOTE, nullable = false, updatable = false)
    private String note;

    protected ReviewResolution() {
        // JPA
    }

    public ReviewResolution(String mchOrderNo, String status, String resolvedBy, OffsetDateTime resolvedAt, String note) {
        this.mchOrderNo = mchOrderNo;
        this.status = status;
        this.resolvedBy = StoredText.of(resolvedBy, 255);
        // As the database keeps it (microseconds), so a replayed answer equals the first one.
        this.resolvedAt = resolvedAt.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        this.note = StoredText.of(note, MAX_NOTE);
    }

    public String getMchOrderNo() {
        return mchOrderNo;
    }

    public String getStatus() {
        return status;
    }

    public String getResolvedBy() {
        return resolvedBy;
    }

    public OffsetDateTime getResolvedAt() {
        return resolvedAt;
    }

    public String getNote() {
        return note;
    }
}
