package dev.iotpaymerchant.platform.settings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The one place that reads configuration. Each component declares its settings ({@link Setting})
 * and reads them through here, in its typed settings ({@link ComponentSettings}); this class says
 * whether the node as a whole is usable. Values are read from MicroProfile Config on every call,
 * so a missing required value fails on first use with a message naming the key, a fixed setting
 * takes effect without a restart, and every key can be overridden by its environment variable
 * (iotpay.mch-key → IOTPAY_MCH_KEY). Nothing here ever logs or returns a value it was not asked for.
 */
@ApplicationScoped
public class Settings {

    /**
     * The application's own configuration, looked up by this class's loader rather than injected: Payara
     * injects the configuration of whatever invocation is current, and when the first caller is a readiness
     * probe that arrives while the WAR deploys, that is the server's, without the WAR's own sources (the
     * sandbox's defaults, microprofile-config.properties). The loader always names this application.
     */
    Config config;

    @Inject
    Instance<ComponentSettings> components;

    /** The components' settings when no container gives them (the unit tests). */
    List<ComponentSettings> givenComponents;

    Settings() {
        // for CDI
    }

    /** Reads {@code config} without a container (the unit tests). */
    public Settings(Config config) {
        this.config = config;
    }

    @PostConstruct
    void readTheApplicationsConfig() {
        if (config == null) {
            config = ConfigProvider.getConfig(Settings.class.getClassLoader());
        }
    }

    /** Every component's settings, in the order each declares ({@link ComponentSettings#reportingRank()}). */
    public List<ComponentSettings> components() {
        Iterable<ComponentSettings> all = givenComponents != null ? givenComponents : components;
        return StreamSupport.stream(all.spliterator(), false)
                .sorted(Comparator.comparingInt(ComponentSettings::reportingRank))
                .toList();
    }

    /** The value, if it is set and not blank. */
    public Optional<String> optional(Setting setting) {
        return optional(setting.key());
    }

    public Optional<String> optional(String key) {
        return config.getOptionalValue(key, String.class)
                .map(String::trim)
                .filter(value -> !value.isEmpty());
    }

    /** The value, or {@link MissingSettingException} naming it. */
    public String required(Setting setting) {
        return optional(setting).orElseThrow(() -> new MissingSettingException(setting.key()));
    }

    /** The value, or the declared default. */
    public String orDefault(Setting setting) {
        return optional(setting).orElse(setting.defaultValue());
    }

    /** A positive whole number, or the declared default; anything else fails naming the key, never the value. */
    public long positiveLong(Setting setting) {
        Optional<String> raw = optional(setting);
        if (raw.isEmpty()) {
            return Long.parseLong(setting.defaultValue());
        }
        try {
            long value = Long.parseLong(raw.get());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalStateException("The setting '" + setting.key() + "' must be a positive whole number; "
                + "check the environment variable " + setting.environmentVariable() + ".");
    }

    /** The non-blank items of a comma-separated list; none when unset. */
    public Set<String> commaSeparated(Setting setting) {
        return optional(setting)
                .map(list -> Arrays.stream(list.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of());
    }

    /** The required keys that have no value, by name only. */
    public List<String> missingRequired() {
        List<String> missing = new ArrayList<>();
        for (ComponentSettings component : components()) {
            for (Setting setting : component.declared()) {
                if (setting.required() && optional(setting).isEmpty()) {
                    missing.add(setting.key());
                }
            }
            missing.addAll(component.missing());
        }
        return missing;
    }

    /**
     * Settings that are present but unusable, each with why (never with its value): a node with any
     * of them takes no payment and is not ready.
     */
    public List<InvalidSettingException> invalid() {
        List<InvalidSettingException> invalid = new ArrayList<>();
        for (ComponentSettings component : components()) {
            invalid.addAll(component.invalid());
        }
        return invalid;
    }

    /**
     * Throws, naming the first missing or unusable setting, unless this node may take payments.
     * Called before anything is written.
     */
    public void requireUsable() {
        List<String> missing = missingRequired();
        if (!missing.isEmpty()) {
            throw new MissingSettingException(missing.get(0));
        }
        List<InvalidSettingException> invalid = invalid();
        if (!invalid.isEmpty()) {
            throw invalid.get(0);
        }
    }

    /** MicroProfile Config's standard mapping of a key to its environment variable. */
    public static String environmentVariableOf(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
