package dev.iotpaymerchant.platform.control;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The settings every component shares: who may call the API, which proxies to believe, how often the timers run. */
@ApplicationScoped
public class PlatformSettings implements ComponentSettings {

    private static final String COMPONENT = "platform";

    public static final Setting API_AUTH = Setting.required(COMPONENT, "api.auth",
            "who may call the API: jwt (bearer tokens) or none (every caller trusted)");
    public static final Setting TRUSTED_PROXIES = Setting.optional(COMPONENT, "http.trusted-proxies",
            "comma-separated addresses of reverse proxies whose X-Forwarded-For is believed");
    public static final Setting RECONCILE_INTERVAL = Setting.withDefault(COMPONENT, "orders.reconcile.interval-seconds",
            "60", "how often each node's sweep, refund sweep and housekeeping run");

    public static final Setting SCHEMA_MIGRATE = Setting.withDefault(COMPONENT, "schema.migrate", "auto",
            "auto: migrate the schema at deployment; validate: only check it is the code's (migrations run apart); off");

    static final List<Setting> DECLARED = List.of(API_AUTH, TRUSTED_PROXIES, RECONCILE_INTERVAL, SCHEMA_MIGRATE);

    /** What the node does with the database schema at deployment. */
    public enum SchemaMigrate { AUTO, VALIDATE, OFF }

    @Inject
    Settings settings;

    @Inject
    SchemaCheck schema;

    PlatformSettings() {
        // for CDI
    }

    /** Reads through {@code settings} without a container (the unit tests). */
    public PlatformSettings(Settings settings) {
        this.settings = settings;
    }

    @Override
    public List<Setting> declared() {
        return DECLARED;
    }

    /** Who may call the API: bearer tokens ({@code jwt}) or everyone ({@code none}). Required, no default. */
    public AuthMode authMode() {
        String mode = settings.required(API_AUTH);
        return AuthMode.of(mode).orElseThrow(() -> new InvalidSettingException(API_AUTH.key(), "must be jwt or none"));
    }

    /** True when api.auth is set to jwt (whatever else is wrong), so the token settings matter. */
    public boolean jwtChosen() {
        return settings.optional(API_AUTH).filter("jwt"::equals).isPresent();
    }

    /** Addresses of reverse proxies whose X-Forwarded-For header we believe. */
    public Set<String> trustedProxies() {
        return settings.commaSeparated(TRUSTED_PROXIES);
    }

    /** How often each node's reconciliation (and the refund sweep, and housekeeping) runs. */
    public Duration reconcileInterval() {
        return Duration.ofSeconds(settings.positiveLong(RECONCILE_INTERVAL));
    }

    /** What the node does with the schema at deployment: migrate it (default), only check it, or neither. */
    public SchemaMigrate schemaMigrate() {
        String mode = settings.orDefault(SCHEMA_MIGRATE).trim().toUpperCase(java.util.Locale.ROOT);
        try {
            return SchemaMigrate.valueOf(mode);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(SCHEMA_MIGRATE.key(), "must be auto, validate or off");
        }
    }

    @Override
    public List<InvalidSettingException> invalid() {
        List<InvalidSettingException> invalid = new java.util.ArrayList<>();
        if (settings.optional(API_AUTH).filter(mode -> AuthMode.of(mode).isEmpty()).isPresent()) {
            invalid.add(new InvalidSettingException(API_AUTH.key(), "must be jwt or none"));
        }
        try {
            schemaMigrate();
            if (schema != null) {
                schema.mismatch().ifPresent(why -> invalid.add(new InvalidSettingException(SCHEMA_MIGRATE.key(), why)));
            }
        } catch (InvalidSettingException unusable) {
            invalid.add(unusable);
        }
        return invalid;
    }

    @Override
    public void sayAtStart(Logger log) {
        if (settings.optional(API_AUTH).filter("none"::equals).isPresent()) {
            log.warning("api.auth=none: every caller of /api is trusted (it may create, read and list every order)."
                    + " Only for deployments behind an API gateway that authenticates callers.");
        }
    }
}
