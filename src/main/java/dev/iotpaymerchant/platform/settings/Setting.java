package dev.iotpaymerchant.platform.settings;

/**
 * One setting, declared once by the component that owns it: its key, its default as
 * docs/configuration.md shows it ({@code null}: none), whether a node without it takes no payment,
 * whether it is a secret, and what it means in a line. The component's typed settings read it
 * through {@link Settings}; ConfigurationTableTest holds docs/configuration.md to these declarations.
 */
public record Setting(String component, String key, String defaultValue, boolean required, boolean secret,
        String description) {

    /** A setting without which no payment can be taken. */
    public static Setting required(String component, String key, String description) {
        return new Setting(component, key, null, true, false, description);
    }

    /** A setting that may stay unset (or is needed only in some configurations: the owner checks that). */
    public static Setting optional(String component, String key, String description) {
        return new Setting(component, key, null, false, false, description);
    }

    /** A setting with a default; for a number, {@link Settings#positiveLong(Setting)} reads it from here. */
    public static Setting withDefault(String component, String key, String defaultValue, String description) {
        return new Setting(component, key, defaultValue, false, false, description);
    }

    /** The same setting, as a secret: never logged, never shown. */
    public Setting asSecret() {
        return new Setting(component, key, defaultValue, required, true, description);
    }

    /** MicroProfile Config's standard mapping of the key (iotpay.mch-key → IOTPAY_MCH_KEY). */
    public String environmentVariable() {
        return Settings.environmentVariableOf(key);
    }
}
