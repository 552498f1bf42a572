package dev.iotpaymerchant.platform.observability;

import java.time.Duration;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * The business metrics, in one place, with the same Prometheus names on every server: through
 * MicroProfile Metrics where the server has it (Payara: /metrics), through the server's Micrometer
 * registry elsewhere (WildFly's micrometer subsystem: /prometheus on the management port). Where
 * neither exists nothing is recorded and nothing fails.
 */
@ApplicationScoped
public class Metrics {

    private static final Logger LOG = LogFields.logger(Metrics.class);

    /** Where the numbers go. */
    public interface Recorder {
        void count(String name, String description, String... tagNamesAndValues);

        void time(String name, String description, Duration duration, String... tagNamesAndValues);

        /** Adds {@code amount} (zero or more: zero only makes the counter exist) to a counter. */
        void add(String name, String description, long amount, String... tagNamesAndValues);

        /** A gauge whose value is read from {@code value} at each scrape; registered once per name and tags. */
        void gauge(String name, String description, java.util.function.LongSupplier value, String... tagNamesAndValues);

        /** What a recorder holds one meter under: the name and every tag, in order. */
        static String key(String name, String... tags) {
            return name + '\u0000' + String.join("\u0000", java.util.Arrays.stream(tags)
                    .map(tag -> tag == null ? "" : tag).toArray(String[]::new));
        }
    }

    private Recorder recorder = new Recorder() {
        @Override
        public void count(String name, String description, String... tags) {
            // no metrics on this server
        }

        @Override
        public void time(String name, String description, Duration duration, String... tags) {
            // no metrics on this server
        }

        @Override
        public void add(String name, String description, long amount, String... tags) {
            // no metrics on this server
        }

        @Override
        public void gauge(String name, String description, java.util.function.LongSupplier value, String... tags) {
            // no metrics on this server
        }
    };

    /** The epoch second of the last completed self-audit, any node's, as this node last read it; 0 before. */
    private final java.util.concurrent.atomic.AtomicLong auditLastRun = new java.util.concurrent.atomic.AtomicLong();

    /** Typed Object on purpose: naming MetricRegistry here would break deployment where it does not exist. */
    @Inject
    Instance<Object> beans;

    /**
     * MicroProfile Metrics where the server has it (Payara), else the server's Micrometer registry
     * (WildFly's micrometer subsystem), else nothing. Both write the same Prometheus names (ADR 0014).
     */
    @PostConstruct
    void chooseRecorder() {
        recorder = recorder("org.eclipse.microprofile.metrics.MetricRegistry", "MicroProfileRecorder")
                .or(() -> recorder("io.micrometer.core.instrument.MeterRegistry", "MicrometerRecorder"))
                .orElseGet(() -> {
                    LOG.info("Neither MicroProfile Metrics nor a Micrometer registry is available on this server: "
                            + "business metrics are not recorded");
                    return recorder;
                });
    }

    private java.util.Optional<Recorder> recorder(String registryClass, String recorderClass) {
        ClassLoader loader = Metrics.class.getClassLoader();
        try {
            Class<?> registryType = Class.forName(registryClass, false, loader);
            Instance<?> registries = beans.select(registryType);
            if (registries.isUnsatisfied()) {
                return java.util.Optional.empty();
            }
            Object registry = registries.get();
            return java.util.Optional.of((Recorder) Class.forName(Metrics.class.getPackageName() + "." + recorderClass, true, loader)
                    .getDeclaredConstructor(Object.class).newInstance(registry));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.fine(() -> registryClass + " is not usable on this server (" + cause + ")");
            return java.util.Optional.empty();
        }
    }

    /** Named {@code orders} (Prometheus: {@code orders_total}): Micrometer drops an {@code _created} ending. */
    public void orderCreated(String channel) {
        recorder.count("orders", "Orders created, by channel", "channel", channel);
    }

    /** An order reached a status it normally keeps: PAID, FAILED, CLOSED or PAID_AFTER_CLOSE. */
    public void orderSettled(String status) {
        recorder.count("orders_final_status", "Orders by the final status they reached", "status", status);
        if ("PAID".equals(status)) {
            recorder.count("orders_paid", "Orders paid");
        }
    }

    public void notification(String outcome) {
        recorder.count("notifications", "IOTPay notifications received, by outcome", "outcome", outcome);
    }

    /**
     * A notification (also counted in {@code notifications}) that verified only with the previous
     * merchant key, {@code iotpay.mch-key-previous}: while this grows, that key is still in use.
     */
    public void notificationWithPreviousKey(String outcome) {
        recorder.count("notifications_previous_key", "IOTPay notifications signed with the previous merchant key "
                + "(iotpay.mch-key-previous), by outcome", "outcome", outcome);
    }

    /** A refused or duplicate notification that was counted but not written, because this minute's budget was spent. */
    public void notificationNotRecorded(String outcome) {
        recorder.count("notifications_unrecorded", "Refused and duplicate notifications not written to the log (over the per-minute budget)",
                "outcome", outcome);
    }

    /** One delivery attempt of an outbox event, to "observers" or "webhook". */
    public void eventDelivery(String destination, String result) {
        recorder.count("event_deliveries", "Outbox event delivery attempts, by destination and result",
                "destination", destination, "result", result);
    }

    /** A refund reached {@code status} (SUCCEEDED, FAILED, PROCESSING or UNKNOWN). */
    public void refund(String status) {
        recorder.count("refunds", "Refunds, by the status they reached", "status", status);
    }

    public void iotpayCall(String operation, String outcome, Duration latency) {
        recorder.time("iotpay_calls", "Calls to IOTPay, by operation and outcome", latency,
                "operation", operation, "outcome", outcome);
    }

    public void reconciliationRun(int checked, int resolved) {
        recorder.count("reconciliation_runs", "Reconciliation sweeps run on this node");
        for (int i = 0; i < resolved; i++) {
            recorder.count("reconciliation_resolved", "Orders whose status a reconciliation sweep changed");
        }
        for (int i = 0; i < checked; i++) {
            recorder.count("reconciliation_checked", "Orders a reconciliation sweep asked IOTPay about");
        }
    }

    /**
     * One self-audit run's findings of one invariant ({@code audit_violations_total}): counted by
     * the node that ran it, again on every run while the violation is there. Zero makes the series
     * exist, so that the first finding is an increase an alert sees.
     */
    public void auditViolations(String invariant, long found) {
        recorder.add("audit_violations", "Violations of the books' invariants found by the self-audit, by invariant",
                found, "invariant", invariant);
    }

    /**
     * The epoch second at which the last self-audit run (any node's) completed, as this node last
     * read it from the database ({@code audit_last_run_seconds}); 0 until it has read one.
     */
    public void auditLastRun(long epochSecond) {
        auditLastRun.set(epochSecond);
        recorder.gauge("audit_last_run_seconds", "When the last self-audit run completed, on any node (seconds since the"
                + " epoch)", auditLastRun::get);
    }
}
