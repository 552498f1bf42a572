package dev.iotpaymerchant.platform.observability;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Records into the server's Micrometer registry: WildFly's micrometer subsystem, which serves it as
 * Prometheus text (server-config/wildfly/microprofile.cli; ADR 0014). Like {@link MicroProfileRecorder},
 * not a CDI bean, and loaded by {@link Metrics} only once it knows the API is there. Micrometer's
 * Prometheus names are the ones Payara writes: a counter {@code orders} is {@code orders_total}, a
 * timer {@code iotpay_calls} is {@code iotpay_calls_seconds_count}, {@code _sum} and {@code _max}, in
 * seconds. (Its naming drops a name's {@code _created}, {@code _total}, {@code _info} or {@code _bucket}
 * ending, which OpenMetrics reserves: no metric name here ends with one.)
 */
class MicrometerRecorder implements Metrics.Recorder {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongSupplier> gauges = new ConcurrentHashMap<>();

    MicrometerRecorder(Object registry) {
        this.registry = (MeterRegistry) registry;
    }

    @Override
    public void count(String name, String description, String... tags) {
        counters.computeIfAbsent(Metrics.Recorder.key(name, tags), k -> Counter.builder(name).description(description)
                .tags(tags(tags)).register(registry)).increment();
    }

    @Override
    public void time(String name, String description, Duration duration, String... tags) {
        timers.computeIfAbsent(Metrics.Recorder.key(name, tags), k -> Timer.builder(name).description(description)
                .tags(tags(tags)).register(registry)).record(duration);
    }

    @Override
    public void add(String name, String description, long amount, String... tags) {
        counters.computeIfAbsent(Metrics.Recorder.key(name, tags), k -> Counter.builder(name).description(description)
                .tags(tags(tags)).register(registry)).increment(amount);
    }

    /** Registered once, holding the supplier strongly (Micrometer keeps only a weak reference to it). */
    @Override
    public void gauge(String name, String description, LongSupplier value, String... tags) {
        gauges.computeIfAbsent(Metrics.Recorder.key(name, tags), k -> {
            Gauge.builder(name, value, supplier -> supplier.getAsLong()).description(description).tags(tags(tags))
                    .register(registry);
            return value;
        });
    }

    /** Micrometer's tags as name, value, name, value; an empty value is "none", as on Payara. */
    private static String[] tags(String... namesAndValues) {
        String[] tags = namesAndValues.clone();
        for (int i = 1; i < tags.length; i += 2) {
            tags[i] = tags[i] == null || tags[i].isEmpty() ? "none" : tags[i];
        }
        return tags;
    }
}
