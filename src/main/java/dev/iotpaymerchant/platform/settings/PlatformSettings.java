package dev.iotpaymerchant.platform.settings;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.values.IpNetwork;
import dev.iotpaymerchant.platform.values.OutboundUrl;

/** The settings every component shares: who may call the API, which proxies to believe, how often the timers run. */
@ApplicationScoped
public class PlatformSettings implements ComponentSettings {

    private static final String COMPONENT = "platform";

    public static final Setting API_AUTH = Setting.required(COMPONENT, "api.auth",
            "who may call the API: jwt (bearer tokens) or none (every caller trusted)");
    public static final Setting TRUSTED_PROXIES = Setting.optional(COMPONENT, "http.trusted-proxies",
            "comma-separated addresses of reverse proxies whose X-Forwarded-For is believed");
    public static final Setting NONE_ALLOW_NETWORKS = Setting.optional(COMPONENT, "api.none-allow-networks",
            "none: comma-separated CIDR blocks answered besides loopback and private networks (e.g. 203.0.113.0/24)");
    public static final Setting ALLOW_INSECURE_OUTBOUND = Setting.withDefault(COMPONENT, "http.allow-insecure-outbound",
            "false", "true only in a lab: IOTPay's URL and the webhook may be http:// to any host");
    public static final Setting RECONCILE_INTERVAL = Setting.withDefault(COMPONENT, "orders.reconcile.interval-seconds",
            "60", "how often each node's sweep, refund sweep and housekeeping run");

    public static final Setting SCHEMA_MIGRATE = Setting.withDefault(COMPONENT, "schema.migrate", "auto",
            "auto: migrate the schema at deployment; validate: only check it is the code's (migrations run apart); off");

    static final List<Setting> DECLARED = List.of(API_AUTH, TRUSTED_PROXIES, NONE_ALLOW_NETWORKS, ALLOW_INSECURE_OUTBOUND,
            RECONCILE_INTERVAL, SCHEMA_MIGRATE);

    private static final String NETWORKS_FORM = "must be a comma-separated list of CIDR blocks such as 203.0.113.0/24"
            + " or 2001:db8::/32";

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

    @Override
    public int reportingRank() {
        return 20;
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

    /**
     * Whether api.auth=none answers a caller at {@code address} (as {@code platform.http.ClientAddress} decides it):
     * loopback and private networks always, other networks only when api.none-allow-networks lists them.
     */
    public boolean noneModeAnswers(String address) {
        return IpNetwork.anyContains(IpNetwork.LOCAL, address) || IpNetwork.anyContains(noneAllowNetworks(), address);
    }

    /** The networks api.none-allow-networks adds to loopback and private networks; none when unset. */
    public List<IpNetwork> noneAllowNetworks() {
        try {
            return settings.commaSeparated(NONE_ALLOW_NETWORKS).stream().map(IpNetwork::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(NONE_ALLOW_NETWORKS.key(), NETWORKS_FORM);
        }
    }

    /** A lab's choice to call http:// URLs on other hosts. */
    public boolean insecureOutboundAllowed() {
        return "true".equalsIgnoreCase(settings.orDefault(ALLOW_INSECURE_OUTBOUND).trim());
    }

    /** The URL in {@code setting}, when set, if it breaks {@link OutboundUrl}'s rule: an unusable setting. */
    public Optional<InvalidSettingException> insecureOutbound(Setting setting) {
        return settings.optional(setting).flatMap(url -> OutboundUrl.problem(url, insecureOutboundAllowed()))
                .map(problem -> new InvalidSettingException(setting.key(), problem));
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
            noneAllowNetworks();
        } catch (InvalidSettingException unusable) {
            invalid.add(unusable);
        }
        String insecure = settings.orDefault(ALLOW_INSECURE_OUTBOUND).trim();
        if (!"true".equalsIgnoreCase(insecure) && !"false".equalsIgnoreCase(insecure)) {
            invalid.add(new InvalidSettingException(ALLOW_INSECURE_OUTBOUND.key(), "must be true or false"));
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
            log.warning("api.auth=none: every caller of /api from loopback or a private network"
                    + (settings.optional(NONE_ALLOW_NETWORKS).isPresent() ? " (or api.none-allow-networks)" : "")
                    + " is trusted (it may create, read and list every order, and refund); any other caller gets 403."
                    + " Only for a laptop, a LAN, or behind an API gateway that authenticates callers.");
        }
        if (insecureOutboundAllowed()) {
            log.warning("http.allow-insecure-outbound=true: IOTPay's URL and the webhook may be plain http:// to any host,"
                    + " where anyone on the path can read and change what goes and comes back. Only for a lab.");
        }
    }
}
