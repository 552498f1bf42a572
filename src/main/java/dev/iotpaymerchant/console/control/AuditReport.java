package dev.iotpaymerchant.console.control;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import dev.iotpaymerchant.audit.control.AuditRuns;
import dev.iotpaymerchant.audit.control.Finding;
import dev.iotpaymerchant.audit.control.SelfAudit;
import dev.iotpaymerchant.audit.entity.AuditFinding;
import dev.iotpaymerchant.audit.entity.AuditRun;

/**
 * The self-audit as operators see it: a run now (an operator's, answered with what it found) and
 * the last run of any node, with its findings, each naming the order whose story shows it. The
 * audit changes nothing; what an operator does about a finding is one of the existing actions.
 */
@ApplicationScoped
public class AuditReport {

    @Inject
    SelfAudit audit;

    @Inject
    AuditRuns runs;

    /** Runs the audit now on this node, started by {@code operator}; answers that run and its findings. */
    public JsonObject runNow(String operator) {
        SelfAudit.Outcome outcome = audit.run(operator);
        JsonArrayBuilder findings = Json.createArrayBuilder();
        List<Finding> found = outcome.findings();
        for (Finding finding : found.subList(0, Math.min(found.size(), AuditRuns.MAX_LISTED))) {
            findings.add(finding(finding.invariant().label(), finding.subject(), finding.mchOrderNo(), finding.detail()));
        }
        return Json.createObjectBuilder().add("run", run(outcome.run())).add("findings", findings).build();
    }

    /** The last run that completed, on any node, and its findings; no run member before the first run. */
    public JsonObject last() {
        JsonObjectBuilder answer = Json.createObjectBuilder();
        JsonArrayBuilder findings = Json.createArrayBuilder();
        runs.latest().ifPresent(run -> {
            answer.add("run", run(run));
            for (AuditFinding finding : runs.findings(run.getId())) {
                findings.add(finding(finding.getInvariant(), finding.getSubject(), finding.getMchOrderNo(), finding.getDetail()));
            }
        });
        return answer.add("findings", findings).build();
    }

    private static JsonObjectBuilder run(AuditRun run) {
        return Json.createObjectBuilder()
                .add("id", run.getId())
                .add("startedBy", run.getStartedBy())
                .add("startedAt", instant(run.getStartedAt()))
                .add("finishedAt", instant(run.getFinishedAt()))
                .add("windowFrom", instant(run.getWindowFrom()))
                .add("windowTo", instant(run.getWindowTo()))
                .add("complete", run.isComplete())
                .add("ordersChecked", run.getOrdersChecked())
                .add("findings", run.getFindings());
    }

    private static JsonObjectBuilder finding(String invariant, String subject, String mchOrderNo, String detail) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("invariant", invariant).add("subject", subject);
        if (mchOrderNo != null && mchOrderNo.length() <= 30) {
            json.add("mchOrderNo", mchOrderNo);
        }
        return json.add("detail", detail);
    }

    private static String instant(OffsetDateTime time) {
        return time.toInstant().toString();
    }
}
