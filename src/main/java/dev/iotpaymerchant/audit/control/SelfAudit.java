package dev.iotpaymerchant.audit.control;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import dev.iotpaymerchant.audit.entity.AuditRun;
import dev.iotpaymerchant.fulfilment.control.FulfilmentSettings;
import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.platform.observability.Metrics;

/**
 * The self-audit: checks the invariants of the books in the database and records what it finds,
 * never changing the books (repairs stay with the operator's actions). A run reads incrementally:
 * what changed in its window (from where the last run's window ended, with an overlap for
 * transactions that committed late, to the database's time now), plus whatever is still open
 * (checks and deliveries long past due, deliveries out of tries) and whatever the last run found,
 * so that a finding stays until it is repaired. Each source is read up to a row budget; a run that
 * reaches it ends its window at the last change it read, and the next run reads on from there.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SelfAudit {

    /** The most rows one run reads from each source. */
    static final int ROWS = 10_000;
    /** The window starts this much before the last one ended: a transaction commits after its rows' times. */
    static final Duration OVERLAP = Duration.ofMinutes(5);
    /** The first run ever reads the changes of this last day. */
    static final Duration FIRST_WINDOW = Duration.ofDays(1);

    private static final Logger LOG = LogFields.logger(SelfAudit.class);

    @Inject
    BooksReader reader;

    @Inject
    BooksCheck check;

    @Inject
    AuditRuns runs;

    @Inject
    AuditSettings settings;

    @Inject
    FulfilmentSettings fulfilment;

    @Inject
    Metrics metrics;

    /** A run and everything it found (the run lists at most {@link AuditRuns#MAX_LISTED}). */
    public record Outcome(AuditRun run, List<Finding> findings) {
    }

    /** Runs the audit now, on this node, and records it as started by {@code startedBy}. */
    public Outcome run(String startedBy) {
        OffsetDateTime now = reader.now();
        Optional<AuditRun> last = runs.latest();
        OffsetDateTime from = last.map(run -> run.getWindowTo().minus(OVERLAP)).orElse(now.minus(FIRST_WINDOW));
        OffsetDateTime overdueBefore = now.minus(settings.overdueAfter());

        Set<String> orders = new LinkedHashSet<>();
        OffsetDateTime to = now;
        for (List<BooksReader.Changed> changed : List.of(reader.ordersChanged(from, now, ROWS),
                reader.refundsChanged(from, now, ROWS), reader.eventsWritten(from, now, ROWS))) {
            changed.forEach(row -> orders.add(row.number()));
            if (changed.size() == ROWS) { // read on from here next time
                OffsetDateTime reached = changed.get(changed.size() - 1).at().atOffset(ZoneOffset.UTC);
                to = reached.isBefore(to) ? reached : to;
            }
        }
        boolean complete = to.equals(now);
        orders.addAll(reader.ordersDueBefore(overdueBefore, ROWS));
        orders.addAll(reader.refundsDueBefore(overdueBefore, ROWS));
        Set<String> keys = new LinkedHashSet<>();
        for (String[] finding : last.map(run -> reader.findingsOf(run.getId())).orElse(List.of())) {
            if (Invariant.KEY_DANGLING.label().equals(finding[0])) {
                keys.add(finding[1]);
            } else if (finding[2] != null) {
                orders.add(finding[2]);
            }
        }

        List<Finding> found = new ArrayList<>(check.orders(orders, overdueBefore));
        int tries = fulfilment.retrySchedule().size() + 1;
        for (BooksRules.Delivery delivery : reader.exhaustedDeliveries(tries, overdueBefore, ROWS)) {
            BooksRules.delivery(delivery, tries).ifPresent(found::add);
        }
        Set<String> dangling = new LinkedHashSet<>();
        reader.danglingKeys(from, to, ROWS).forEach(key -> dangling.add(key[0] + "\u0000" + key[1]));
        reader.stillDangling(keys).forEach(key -> dangling.add(key[0] + "\u0000" + key[1]));
        dangling.forEach(key -> found.add(BooksRules.danglingKey(key.substring(0, key.indexOf('\u0000')),
                key.substring(key.indexOf('\u0000') + 1))));

        OffsetDateTime finished = reader.now();
        AuditRun run = runs.store(startedBy, new AuditRun.Span(now, finished, from, to), complete, orders.size(), found);
        count(found);
        metrics.auditLastRun(finished.toEpochSecond());
        if (!found.isEmpty()) {
            LOG.warning(() -> "The self-audit found " + found.size() + " violation(s) of the books' invariants; see GET"
                    + " /api/console/audit or the console's Audit page");
        }
        return new Outcome(run, found);
    }

    /** Counts this run's findings by invariant (zero included, so that every series exists). */
    private void count(List<Finding> found) {
        Map<Invariant, Long> counts = new EnumMap<>(Invariant.class);
        for (Invariant invariant : Invariant.values()) {
            counts.put(invariant, 0L);
        }
        found.forEach(finding -> counts.merge(finding.invariant(), 1L, Long::sum));
        counts.forEach((invariant, count) -> metrics.auditViolations(invariant.label(), count));
    }

    /** Reads when the last run (any node's) completed into {@code audit_last_run_seconds}; 0 before any. */
    public void refreshLastRun() {
        metrics.auditLastRun(reader.lastCompleted().map(Instant::getEpochSecond).orElse(0L));
    }

    /** Makes every series of {@code audit_violations_total} exist from the start, at zero. */
    public void registerMetrics() {
        for (Invariant invariant : Invariant.values()) {
            metrics.auditViolations(invariant.label(), 0);
        }
    }
}
