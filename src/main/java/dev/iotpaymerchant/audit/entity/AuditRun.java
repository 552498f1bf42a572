package dev.iotpaymerchant.audit.entity;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import dev.iotpaymerchant.platform.values.StoredText;

/**
 * One run of the self-audit, written once when it ends: who started it (the schedule, or an
 * operator by name), the window of changes it read, whether it read all of it (an incomplete run
 * stopped at its row budget: the next reads on from {@code windowTo}), and how many findings it had.
 */
@Entity
@Table(name = "audit_run")
@NamedQuery(name = AuditRun.LATEST, query = "select r from AuditRun r order by r.finishedAt desc, r.id desc")
public class AuditRun {

    public static final String LATEST = "AuditRun.latest";

    @Id
    @SequenceGenerator(name = "audit_run_seq", sequenceName = "audit_run_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_run_seq")
    private Long id;

    @Column(name = "started_by", length = 255, nullable = false, updatable = false)
    private String startedBy;

    @Column(name = "started_at", nullable = false, updatable = false)
    private OffsetDateTime startedAt;

    @Column(name = "finished_at", nullable = false, updatable = false)
    private OffsetDateTime finishedAt;

    @Column(name = "window_from", nullable = false, updatable = false)
    private OffsetDateTime windowFrom;

    @Column(name = "window_to", nullable = false, updatable = false)
    private OffsetDateTime windowTo;

    @Column(name = "complete", nullable = false, updatable = false)
    private boolean complete;

    @Column(name = "orders_checked", nullable = false, updatable = false)
    private int ordersChecked;

    @Column(name = "findings", nullable = false, updatable = false)
    private int findings;

    protected AuditRun() {
        // JPA
    }

    /** When a run started and ended, and the window of changes it read. */
    public record Span(OffsetDateTime startedAt, OffsetDateTime finishedAt, OffsetDateTime windowFrom, OffsetDateTime windowTo) {
    }

    public AuditRun(String startedBy, Span span, boolean complete, int ordersChecked, int findings) {
        this.startedBy = StoredText.of(startedBy, 255);
        this.startedAt = utc(span.startedAt());
        this.finishedAt = utc(span.finishedAt());
        this.windowFrom = utc(span.windowFrom());
        this.windowTo = utc(span.windowTo());
        this.complete = complete;
        this.ordersChecked = ordersChecked;
        this.findings = findings;
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC);
    }

    public Long getId() {
        return id;
    }

    public String getStartedBy() {
        return startedBy;
    }

    public OffsetDateTime getStartedAt() {
        return startedAt;
    }

    public OffsetDateTime getFinishedAt() {
        return finishedAt;
    }

    public OffsetDateTime getWindowFrom() {
        return windowFrom;
    }

    public OffsetDateTime getWindowTo() {
        return windowTo;
    }

    public boolean isComplete() {
        return complete;
    }

    public int getOrdersChecked() {
        return ordersChecked;
    }

    public int getFindings() {
        return findings;
    }
}
