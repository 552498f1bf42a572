package dev.iotpaymerchant.fulfilment.control;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.settings.ComponentSettings;
import dev.iotpaymerchant.platform.settings.InvalidSettingException;
import dev.iotpaymerchant.platform.settings.PlatformSettings;
import dev.iotpaymerchant.platform.settings.Setting;
import dev.iotpaymerchant.platform.settings.Settings;

/**
 * Where events go besides CDI observers (the signed webhook), how long one try may take, and when
 * the next one comes. {@link WebhookSettings} compares these with the other nodes'.
 */
@ApplicationScoped
public class FulfilmentSettings implements ComponentSettings {

    private static final String COMPONENT = "fulfilment";

    public static final Setting WEBHOOKS_URL = Setting.optional(COMPONENT, "webhooks.url",
            "where signed webhooks go; none: CDI observers only");
    public static final Setting WEBHOOKS_SECRET = Setting.optional(COMPONENT, "webhooks.secret",
            "whsec_ + base64 (at least 24 bytes); required when webhooks.url is set").asSecret();
    public static final Setting WEBHOOKS_SECRET_PREVIOUS = Setting.optional(COMPONENT, "webhooks.secret-previous",
            "only while rotating the webhook secret: the old secret, in the same form; webhooks are signed with both")
            .asSecret();
    public static final Setting WEBHOOKS_TIMEOUT_MS = Setting.withDefault(COMPONENT, "webhooks.timeout-ms", "15000",
            "total deadline of one webhook try: connecting, sending and the whole answer");
    public static final Setting RETRY_SCHEDULE = Setting.withDefault(COMPONENT, "webhooks.retry-schedule-seconds",
            "5,60,300,1800,7200,18000,36000,86400,86400,86400",
            "waits between tries, for webhooks and CDI observers; then FAILED");
    public static final Setting DISPATCH_INTERVAL = Setting.withDefault(COMPONENT, "events.dispatch-interval-seconds",
            "5", "how often each node's dispatcher looks for due deliveries (it is also woken after each commit)");

    static final List<Setting> DECLARED = List.of(WEBHOOKS_URL, WEBHOOKS_SECRET, WEBHOOKS_SECRET_PREVIOUS,
            WEBHOOKS_TIMEOUT_MS, RETRY_SCHEDULE, DISPATCH_INTERVAL);

    private static final String SECRET_PREFIX = "whsec_";
    private static final String SECRET_FORM = "must be whsec_ followed by base64 (at least 24 bytes)";
    private static final String SCHEDULE_FORM = "must be a comma-separated list of positive whole seconds";

    @Inject
    Settings settings;

    @Inject
    PlatformSettings platform;

    FulfilmentSettings() {
        // for CDI
    }

    /** Reads through {@code settings} without a container (the unit tests). */
    public FulfilmentSettings(Settings settings) {
        this.settings = settings;
        this.platform = new PlatformSettings(settings);
    }

    @Override
    public List<Setting> declared() {
        return DECLARED;
    }

    @Override
    public int reportingRank() {
        return 80;
    }

    /** Where signed webhooks go; empty means events reach CDI observers only. */
    public Optional<URI> webhooksUrl() {
        return settings.optional(WEBHOOKS_URL).map(URI::create);
    }

    /** The secret as configured, for {@link WebhookSettings}' fingerprint only: never logged. */
    Optional<String> webhooksSecretAsConfigured() {
        return settings.optional(WEBHOOKS_SECRET);
    }

    /** The HMAC key of the webhook secret ({@code whsec_} + base64): a secret, never logged. */
    public byte[] webhooksKey() {
        String secret = settings.required(WEBHOOKS_SECRET);
        return decodeSecret(secret).orElseThrow(() -> new InvalidSettingException(WEBHOOKS_SECRET.key(), SECRET_FORM));
    }

    /**
     * The HMAC keys every webhook is signed with: the secret's, then, while
     * {@code webhooks.secret-previous} is set (a rotation), the previous secret's. Secrets, never logged.
     */
    public List<byte[]> webhooksKeys() {
        byte[] current = webhooksKey();
        Optional<String> previous = settings.optional(WEBHOOKS_SECRET_PREVIOUS);
        if (previous.isEmpty()) {
            return List.of(current);
        }
        byte[] old = decodeSecret(previous.get()).orElseThrow(() -> new InvalidSettingException(
                WEBHOOKS_SECRET_PREVIOUS.key(), SECRET_FORM));
        return Arrays.equals(current, old) ? List.of(current) : List.of(current, old);
    }

    public Duration webhooksTimeout() {
        return Duration.ofMillis(settings.positiveLong(WEBHOOKS_TIMEOUT_MS));
    }

    /** The waits before each retry of a delivery; after the last one the event is marked FAILED. */
    public List<Duration> retrySchedule() {
        return parseSchedule(settings.orDefault(RETRY_SCHEDULE))
                .orElseThrow(() -> new InvalidSettingException(RETRY_SCHEDULE.key(), SCHEDULE_FORM));
    }

    /** How often each node's dispatcher looks for due deliveries (it is also woken after each commit). */
    public Duration dispatchInterval() {
        return Duration.ofSeconds(settings.positiveLong(DISPATCH_INTERVAL));
    }

    @Override
    public List<String> missing() {
        if (settings.optional(WEBHOOKS_URL).isPresent() && settings.optional(WEBHOOKS_SECRET).isEmpty()) {
            return List.of(WEBHOOKS_SECRET.key());
        }
        return List.of();
    }

    @Override
    public List<InvalidSettingException> invalid() {
        List<InvalidSettingException> invalid = new ArrayList<>();
        settings.optional(WEBHOOKS_URL).ifPresent(url -> {
            try {
                URI uri = URI.create(url);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    invalid.add(new InvalidSettingException(WEBHOOKS_URL.key(), "must be an http or https URL"));
                } else {
                    // the events say who paid what: over plain http, whoever is on the path reads them
                    platform.insecureOutbound(WEBHOOKS_URL).ifPresent(invalid::add);
                }
            } catch (IllegalArgumentException e) {
                invalid.add(new InvalidSettingException(WEBHOOKS_URL.key(), "is not a URL"));
            }
            for (Setting secret : List.of(WEBHOOKS_SECRET, WEBHOOKS_SECRET_PREVIOUS)) {
                settings.optional(secret).filter(value -> decodeSecret(value).isEmpty()).ifPresent(value ->
                        invalid.add(new InvalidSettingException(secret.key(), SECRET_FORM)));
            }
        });
        if (settings.optional(RETRY_SCHEDULE).filter(raw -> parseSchedule(raw).isEmpty()).isPresent()) {
            invalid.add(new InvalidSettingException(RETRY_SCHEDULE.key(), SCHEDULE_FORM));
        }
        return invalid;
    }

    @Override
    public void sayAtStart(Logger log) {
        if (webhooksUrl().isEmpty()) {
            log.info("No webhooks.url: payment events go to CDI observers only");
        }
    }

    static Optional<List<Duration>> parseSchedule(String raw) {
        List<Duration> waits = new ArrayList<>();
        for (String part : raw.split(",")) {
            String trimmed = part.trim();
            if (!trimmed.matches("[0-9]{1,9}") || Long.parseLong(trimmed) == 0) {
                return Optional.empty();
            }
            waits.add(Duration.ofSeconds(Long.parseLong(trimmed)));
        }
        return waits.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(waits));
    }

    static Optional<byte[]> decodeSecret(String secret) {
        if (!secret.startsWith(SECRET_PREFIX)) {
            return Optional.empty();
        }
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
            return key.length >= 24 ? Optional.of(key) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
