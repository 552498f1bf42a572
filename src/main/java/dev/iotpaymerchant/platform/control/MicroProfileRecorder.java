package dev.iotpaymerchant.platform.control;

import java.time.Duration;

import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Records into the application's MicroProfile Metrics registry. Deliberately not a CDI bean and
 * only loaded by {@link Metrics} once it knows the API is there.
 */
class MicroProfileRecorder implements Metrics.Recorder {

    private final MetricRegistry registry;

    MicroProfileRecorder(Object registry) {
        this.registry = (MetricRegistry) registry;
    }

    @Override
    public void count(String name, String description, String... tags) {
        registry.counter(metadata(name, description), tags(tags)).inc();
    }

    @Override
    public void time(String name, String description, Duration duration, String... tags) {
        registry.timer(metadata(name, description), tags(tags)).update(duration);
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
