package dev.iotpaymerchant.platform.work;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.platform.settings.InvalidSettingException;
import dev.iotpaymerchant.platform.settings.Settings;

/**
 * Whether this node may take shared work (sweeps, refund checks, event delivery). A node whose
 * settings are unusable (a required one missing, one invalid: readiness says which) claims
 * nothing: a claim it cannot finish would only count an attempt and push the row's next try out
 * for the healthy nodes. The settings are read again on every call, so the node starts working as
 * soon as they are fixed, without a restart. Each change is logged once, by name, never by value.
 */
@ApplicationScoped
public class WorkGate {

    private static final Logger LOG = LogFields.logger(WorkGate.class);

    @Inject
    Settings settings;

    /** What was last said in the log: empty when usable, otherwise the unusable settings. */
    private final AtomicReference<List<String>> lastSaid = new AtomicReference<>(List.of());

    /** True when this node's settings let it do shared work now. */
    public boolean open() {
        List<String> unusable = unusable();
        List<String> before = lastSaid.getAndSet(unusable);
        if (!unusable.equals(before)) {
            if (unusable.isEmpty()) {
                LOG.info("Settings are usable again: this node sweeps and delivers events from now on");
            } else {
                LOG.severe(() -> "This node takes no shared work (no sweep, no refund checks, no event delivery) until"
                        + " these settings are fixed: " + String.join(", ", unusable));
            }
        }
        return unusable.isEmpty();
    }

    /** The names of the missing and invalid settings, in a stable order. */
    List<String> unusable() {
        List<String> names = new ArrayList<>(settings.missingRequired());
        for (InvalidSettingException invalid : settings.invalid()) {
            names.add(invalid.key());
        }
        return List.copyOf(names);
    }
}
