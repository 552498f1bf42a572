package dev.iotpaymerchant.audit.entity;

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
 * One violation a run found, kept so that any node answers the last run's findings: the invariant
 * (as the metric labels it), what it is about, the order whose story shows it, and what is wrong.
 * Written once with its run; removed with it.
 */
@Entity
@Table(name = "audit_finding")
@NamedQuery(name = AuditFinding.OF_RUN, query = "select f from AuditFinding f where f.runId = :run order by f.id")
public class AuditFinding {

    public static final String OF_RUN = "AuditFinding.ofRun";

    @Id
    @SequenceGenerator(name = "audit_finding_seq", sequenceName = "audit_finding_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_finding_seq")
    private Long id;

    @Column(name = "run_id", nullable = false, updatable = false)
    private long runId;

    @Column(name = "invariant", length = 40, nullable = false, updatable = false)
    private String invariant;

    @Column(name = "subject", length = 400, nullable = false, updatable = false)
    private String subject;

    @Column(name = "mch_order_no", length = 30, updatable = false)
    private String mchOrderNo;

    @Column(name = "detail", length = 500, nullable = false, updatable = false)
    private String detail;

    protected AuditFinding() {
        // JPA
    }

    public AuditFinding(long runId, String invariant, String subject, String mchOrderNo, String detail) {
        this.runId = runId;
        this.invariant = invariant;
        this.subject = StoredText.of(subject, 400);
        this.mchOrderNo = mchOrderNo == null || mchOrderNo.length() > 30 ? null : mchOrderNo;
        this.detail = StoredText.of(detail, 500);
    }

    public String getInvariant() {
        return invariant;
    }

    public String getSubject() {
        return subject;
    }

    public String getMchOrderNo() {
        return mchOrderNo;
    }

    public String getDetail() {
        return detail;
    }
}
