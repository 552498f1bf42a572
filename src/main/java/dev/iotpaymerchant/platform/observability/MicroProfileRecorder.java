package dev.iotpaymerchant.platform.observability;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Records into the application's MicroProfile Metrics registry. Deliberately not a CDI bean and
 * only loaded by {@link Metrics} once it knows the API is there. Each counter and timer is looked up
 * in the registry once and then held: the registry's find-or-create (metadata and tag checks) cost
 * measurable CPU on every notification (bench/results/2026-11-26-notify-profile.md). Tag values
 * come from small fixed sets (outcomes, statuses, channels), so the maps stay small.
 */
class MicroProfileRecorder implements Metrics.Recorder {

    private final MetricRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongSupplier> gauges = new ConcurrentHashMap<>();

    MicroProfileRecorder(Object registry) {
        this.registry = (MetricRegistry) registry;
    }

    @Override
    public void count(String name, String description, String... tags) {
        counters.computeIfAbsent(Metrics.Recorder.key(name, tags), k -> registry.counter(metadata(name, description), tags(tags))).inc();
    }

    /**
     * Timers declare nanoseconds: Payara then names them {@code <name>_seconds_*} and writes every
     * series in seconds, as Micrometer does on WildFly. Without a unit it wrote {@code _max} and the
     * quantiles in nanoseconds beside a {@code _sum} in seconds.
     */
    @Override
    public void time(String name, String description, Duration duration, String... tags) {
        timers.computeIfAbsent(Metrics.Recorder.key(name, tags), k -> registry.timer(Metadata.builder().withName(name)
                        .withDescription(description).withUnit(MetricUnits.NANOSECONDS).build(), tags(tags)))
                .update(duration);
    }

    @Override
    public void add(String name, String description, long amount, String... tags) {
        counters.computeIfAbsent(Metrics.Recorder.key(name, tags), k -> registry.counter(metadata(name, description), tags(tags)))
                .inc(amount);
    }

    /** Registered once: the registry then reads the supplier at each scrape. */
    @Override
    public void gauge(String name, String description, LongSupplier value, String... tags) {
        gauges.computeIfAbsent(Metrics.Recorder.key(name, tags), k -> {
            registry.gauge(metadata(name, description), value, LongSupplier::getAsLong, tags(tags));
            return value;
        });
    }

    private static Metadata metadata(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).build();
    }

    private static Tag[] tags(String... namesAndValues) {
        Tag[] tags = new Tag[namesAndValues.length / 2];
        for (int i = 0; i < tags.length; i++) {
            String value = namesAndValues[2 * i + 1];
            tags[i] = new Tag(namesAndValues[2 * i], value == null || value.isEmpty() ? "none" : value);
        }
        return tags;
    }
}
