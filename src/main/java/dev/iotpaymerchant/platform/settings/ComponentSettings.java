package dev.iotpaymerchant.platform.settings;

import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The settings one component owns, as {@link Settings} sees them: what they are, and what is
 * missing or unusable in this node's configuration. Each component's typed settings implement it,
 * so platform can say whether the node is usable without knowing any business component.
 */
public interface ComponentSettings {

    /** Every setting the component reads, each declared once, in the order the component reports them. */
    List<Setting> declared();

    /**
     * Where this component's missing and unusable settings come in the node's report (readiness, the
     * startup log), lowest first: each component declares its own place, so platform names none of them.
     * The ranks go in tens, leaving room for a component between two others.
     */
    int reportingRank();

    /**
     * Settings required only in this configuration (a webhook URL needs its secret), by name. The
     * ones every node needs are declared {@link Setting#required required} and checked by {@link Settings}.
     */
    default List<String> missing() {
        return List.of();
    }

    /** Settings that are present but unusable, each with why (never with its value). */
    default List<InvalidSettingException> invalid() {
        return List.of();
    }

    /** What an operator should read about these settings at deployment (never a secret). */
    default void sayAtStart(Logger log) {
        // most components have nothing to say
    }

    /** What the line saying this node is ready tells about these settings, when it tells anything. */
    default Optional<String> whenReady() {
        return Optional.empty();
    }
}
