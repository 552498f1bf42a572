package dev.iotpaymerchant.platform.control;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

/**
 * The one place that reads configuration. Values are read from MicroProfile Config on every
 * call, so a missing required value fails on first use with a message naming the key, and every
 * key can be overridden by its environment variable (iotpay.mch-key → IOTPAY_MCH_KEY).
 * Nothing here ever logs or returns the merchant key except to the signer.
 */
@ApplicationScoped
public class Settings {

    public static final String MERCHANT_ID = "iotpay.mch-id";
    public static final String MERCHANT_KEY = "iotpay.mch-key";
    public static final String MERCHANT_KEY_PREVIOUS = "iotpay.mch-key-previous";
    public static final String API_URL = "iotpay.api-url";
    public static final String NOTIFY_URL = "iotpay.notify-url";
    public static final String JOB_NO = "iotpay.job-no";
    public static final String WX_APP_ID = "iotpay.wx-app-id";
    public static final String CURRENCY = "iotpay.currency";
    public static final String CONNECT_TIMEOUT_MS = "iotpay.connect-timeout-ms";
    public static final String READ_TIMEOUT_MS = "iotpay.read-timeout-ms";
    public static final String MAX_AMOUNT = "orders.max-amount";
    public static final String DEFAULT_SUBJECT = "orders.default-subject";
    public static final String DEFAULT_BODY = "orders.default-body";
    public static final String TRUSTED_PROXIES = "http.trusted-proxies";
    public static final String RECONCILE_INTERVAL = "orders.reconcile.interval-seconds";
    public static final String RECONCILE_AFTER = "orders.reconcile.after-seconds";
    public static final String EXPIRE_AFTER = "orders.expire-after-seconds";
    public static final String IDEMPOTENCY_RETENTION = "orders.idempotency-retention-hours";
    public static final String LATE_PAYMENT_WATCH = "orders.late-payment-watch-hours";
    public static final String WEBHOOKS_URL = "webhooks.url";
    public static final String WEBHOOKS_SECRET = "webhooks.secret";
    public static final String WEBHOOKS_SECRET_PREVIOUS = "webhooks.secret-previous";
    public static final String WEBHOOKS_TIMEOUT_MS = "webhooks.timeout-ms";
    public static final String WEBHOOKS_RETRY_SCHEDULE = "webhooks.retry-schedule-seconds";
    public static final String DISPATCH_INTERVAL = "events.dispatch-interval-seconds";
    public static final String REFUSED_LOG_PER_MINUTE = "notifications.refused-log-per-minute";
    public static final String NOTIFICATION_RETENTION = "notifications.retention-days";
    public static final String API_AUTH = "api.auth";
    public static final String OPERATOR_GROUP = "api.operator-group";
    public static final String CREATE_RATE = "orders.create-rate-per-minute";
    public static final String REFUND_QUERY_PATH = "iotpay.refund-query-path";
    public static final String REFUND_SETTLE_WATCH = "refunds.settle-watch-hours";
    public static final String TOKEN_PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    public static final String TOKEN_PUBLIC_KEY = "mp.jwt.verify.publickey";
    public static final String TOKEN_ISSUER = "mp.jwt.verify.issuer";
    public static final String TOKEN_AUDIENCES = "mp.jwt.verify.audiences";
    public static final String CONSOLE_ISSUER = "console.oidc.issuer";
    public static final String CONSOLE_CLIENT_ID = "console.oidc.client-id";
    public static final String CONSOLE_SCOPE = "console.oidc.scope";

    /** Settings without which no payment can be taken. */
    public static final List<String> REQUIRED = List.of(MERCHANT_ID, MERCHANT_KEY, NOTIFY_URL, API_AUTH);

    static final String DEFAULT_RETRY_SCHEDULE = "5,60,300,1800,7200,18000,36000,86400,86400,86400";
    private static final String SECRET_PREFIX = "whsec_";
    private static final String SECRET_FORM = "must be whsec_ followed by base64 (at least 24 bytes)";

    @Inject
    Config config;

    public String merchantId() {
        return required(MERCHANT_ID);
    }

    /** The secret. Only the signer should ask for it. */
    public String merchantKey() {
        return required(MERCHANT_KEY);
    }

    /**
     * The merchant key being rotated out (a secret, like the current one): while it is set,
     * notifications and IOTPay's answers signed with it are accepted too. Requests are always
     * signed with {@link #merchantKey()}.
     */
    public Optional<String> merchantKeyPrevious() {
        return optional(MERCHANT_KEY_PREVIOUS);
    }

    public URI apiUrl() {
        String url = optional(API_URL).orElse("https://api.iotpaycloud.com/v1");
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    public String notifyUrl() {
        return required(NOTIFY_URL);
    }

    /**
     * Where IOTPay's refund query lives, appended to the API URL. IOTPay's "Query Refund" page
     * gives no path we could read; docs/iotpay-protocol.md says where the default comes from.
     */
    public String refundQueryPath() {
        String path = optional(REFUND_QUERY_PATH).orElse("/query_refund_order");
        return path.startsWith("/") ? path : "/" + path;
    }

    /** IOTPay's docs require jobNo, but some accounts work without it; it is sent only when set. */
    public Optional<String> jobNo() {
        return optional(JOB_NO);
    }

    public String wechatAppId() {
        return required(WX_APP_ID);
    }

    public String currency() {
        return optional(CURRENCY).orElse("CAD").toUpperCase(Locale.ROOT);
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(positiveLong(CONNECT_TIMEOUT_MS, 5000));
    }

    public Duration readTimeout() {
        return Duration.ofMillis(positiveLong(READ_TIMEOUT_MS, 15000));
    }

    /** The most one call to IOTPay may take in all, from connecting to the whole answer. */
    public Duration iotpayDeadline() {
        return connectTimeout().plus(readTimeout());
    }

    /** The largest amount one order may carry, in minor units (default 10,000.00). */
    public long maxAmount() {
        return positiveLong(MAX_AMOUNT, 1_000_000);
    }

    public String defaultSubject() {
        return optional(DEFAULT_SUBJECT).orElse("Order");
    }

    public String defaultBody() {
        return optional(DEFAULT_BODY).orElse("In-app purchase");
    }

    /** Addresses of reverse proxies whose X-Forwarded-For header we believe. */
    public Set<String> trustedProxies() {
        return optional(TRUSTED_PROXIES)
                .map(list -> Arrays.stream(list.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of());
    }

    /** How often each node's reconciliation runs. */
    public Duration reconcileInterval() {
        return Duration.ofSeconds(positiveLong(RECONCILE_INTERVAL, 60));
    }

    /** How old an unsettled order must be before the reconciliation first asks IOTPay about it. */
    public Duration reconcileAfter() {
        return Duration.ofSeconds(positiveLong(RECONCILE_AFTER, 60));
    }

    /** How long a payer has to pay before an unpaid order is closed (after asking IOTPay). */
    public Duration expireAfter() {
        return Duration.ofSeconds(positiveLong(EXPIRE_AFTER, 7200));
    }

    /** How long an Idempotency-Key and its stored answer are kept (at least 24 hours). */
    public Duration idempotencyRetention() {
        return Duration.ofHours(Math.max(24, positiveLong(IDEMPOTENCY_RETENTION, 24)));
    }

    /** How long a closed or failed order is still asked about, in case the wallet pays it late. */
    public Duration latePaymentWatch() {
        return Duration.ofHours(positiveLong(LATE_PAYMENT_WATCH, 48));
    }

    /**
     * How long a refund IOTPay's refund query does not know is still asked about before it is
     * FAILED (counted from when it was stored and sent), and how long a refund FAILED that way is
     * then still asked about, so that a late success is recorded.
     */
    public Duration refundSettleWatch() {
        return Duration.ofHours(positiveLong(REFUND_SETTLE_WATCH, 48));
    }

    /** Where signed webhooks go; empty means events reach CDI observers only. */
    public Optional<URI> webhooksUrl() {
        return optional(WEBHOOKS_URL).map(URI::create);
    }

    /** The HMAC key of the webhook secret ({@code whsec_} + base64): a secret, never logged. */
    public byte[] webhooksKey() {
        String secret = required(WEBHOOKS_SECRET);
        return decodeSecret(secret).orElseThrow(() -> new InvalidSettingException(WEBHOOKS_SECRET, SECRET_FORM));
    }

    /**
     * The HMAC keys every webhook is signed with: the secret's, then, while
     * {@code webhooks.secret-previous} is set (a rotation), the previous secret's. Secrets, never logged.
     */
    public List<byte[]> webhooksKeys() {
        byte[] current = webhooksKey();
        Optional<String> previous = optional(WEBHOOKS_SECRET_PREVIOUS);
        if (previous.isEmpty()) {
            return List.of(current);
        }
        byte[] old = decodeSecret(previous.get()).orElseThrow(() -> new InvalidSettingException(WEBHOOKS_SECRET_PREVIOUS,
                SECRET_FORM));
        return java.util.Arrays.equals(current, old) ? List.of(current) : List.of(current, old);
    }

    public Duration webhooksTimeout() {
        return Duration.ofMillis(positiveLong(WEBHOOKS_TIMEOUT_MS, 15000));
    }

    /** The waits before each retry of a delivery; after the last one the event is marked FAILED. */
    public List<Duration> retrySchedule() {
        String raw = optional(WEBHOOKS_RETRY_SCHEDULE).orElse(DEFAULT_RETRY_SCHEDULE);
        return parseSchedule(raw).orElseThrow(() -> new InvalidSettingException(WEBHOOKS_RETRY_SCHEDULE,
                "must be a comma-separated list of positive whole seconds"));
    }

    /** How often each node's dispatcher looks for due deliveries (it is also woken after each commit). */
    public Duration dispatchInterval() {
        return Duration.ofSeconds(positiveLong(DISPATCH_INTERVAL, 5));
    }

    /** Refused and duplicate notifications written to the log per minute and node; the rest are only counted. */
    public int refusedLogPerMinute() {
        return (int) Math.min(Integer.MAX_VALUE, positiveLong(REFUSED_LOG_PER_MINUTE, 600));
    }

    /** How long refused and duplicate notifications are kept; applied ones stay as long as their order. */
    public Duration notificationRetention() {
        return Duration.ofDays(positiveLong(NOTIFICATION_RETENTION, 90));
    }

    /** Who may call the API: bearer tokens ({@code jwt}) or everyone ({@code none}). Required, no default. */
    public AuthMode authMode() {
        String mode = required(API_AUTH);
        return AuthMode.of(mode).orElseThrow(() -> new InvalidSettingException(API_AUTH, "must be jwt or none"));
    }

    /** The MicroProfile JWT group whose members may read every order (and refund, later). */
    public String operatorGroup() {
        return optional(OPERATOR_GROUP).orElse("operator");
    }

    /** Orders one caller (subject, or client address without authentication) may create per minute on one node. */
    public int createRatePerMinute() {
        return (int) Math.min(Integer.MAX_VALUE, positiveLong(CREATE_RATE, 30));
    }

    /** The identity provider whose tokens are accepted (api.auth=jwt). */
    public String tokenIssuer() {
        return required(TOKEN_ISSUER);
    }

    /** The audiences a token must name one of (api.auth=jwt): required, never empty. */
    public Set<String> tokenAudiences() {
        Set<String> audiences = audiences();
        if (audiences.isEmpty()) {
            throw new MissingSettingException(TOKEN_AUDIENCES);
        }
        return audiences;
    }

    private Set<String> audiences() {
        return optional(TOKEN_AUDIENCES)
                .map(list -> Arrays.stream(list.split(",")).map(String::trim).filter(a -> !a.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of());
    }

    /**
     * The OpenID Connect provider operators sign in to the console with (api.auth=jwt); by default
     * the issuer whose tokens the API accepts.
     */
    public Optional<String> consoleIssuer() {
        return optional(CONSOLE_ISSUER).or(() -> optional(TOKEN_ISSUER));
    }

    /** The console's client id at that provider: a public client using the authorization code flow with PKCE. */
    public Optional<String> consoleClientId() {
        return optional(CONSOLE_CLIENT_ID);
    }

    public String consoleScope() {
        return optional(CONSOLE_SCOPE).orElse("openid");
    }

    /** The required keys that have no value, by name only. */
    public List<String> missingRequired() {
        List<String> missing = new ArrayList<>();
        for (String key : REQUIRED) {
            if (optional(key).isEmpty()) {
                missing.add(key);
            }
        }
        if (optional(WEBHOOKS_URL).isPresent() && optional(WEBHOOKS_SECRET).isEmpty()) {
            missing.add(WEBHOOKS_SECRET);
        }
        if (optional(API_AUTH).filter("jwt"::equals).isPresent()) {
            if (optional(TOKEN_ISSUER).isEmpty()) {
                missing.add(TOKEN_ISSUER);
            }
            if (optional(TOKEN_PUBLIC_KEY_LOCATION).isEmpty() && optional(TOKEN_PUBLIC_KEY).isEmpty()) {
                missing.add(TOKEN_PUBLIC_KEY_LOCATION);
            }
            if (audiences().isEmpty()) {
                missing.add(TOKEN_AUDIENCES);
            }
        }
        return missing;
    }

    /**
     * Settings that are present but unusable, each with why (never with its value): a node with any
     * of them takes no payment and is not ready.
     */
    public List<InvalidSettingException> invalid() {
        List<InvalidSettingException> invalid = new ArrayList<>();
        try {
            Duration atIotPay = connectTimeout().plus(readTimeout());
            if (reconcileAfter().compareTo(atIotPay) <= 0) {
                invalid.add(new InvalidSettingException(RECONCILE_AFTER, "must exceed " + CONNECT_TIMEOUT_MS + " + "
                        + READ_TIMEOUT_MS + " (" + atIotPay.toMillis() + " ms), or the sweep may ask IOTPay about an "
                        + "order whose create_order is still on its way and fail it"));
            }
        } catch (IllegalStateException malformed) {
            invalid.add(new InvalidSettingException(RECONCILE_AFTER, malformed.getMessage()));
        }
        optional(WEBHOOKS_URL).ifPresent(url -> {
            try {
                URI uri = URI.create(url);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    invalid.add(new InvalidSettingException(WEBHOOKS_URL, "must be an http or https URL"));
                }
            } catch (IllegalArgumentException e) {
                invalid.add(new InvalidSettingException(WEBHOOKS_URL, "is not a URL"));
            }
            optional(WEBHOOKS_SECRET).filter(secret -> decodeSecret(secret).isEmpty()).ifPresent(secret ->
                    invalid.add(new InvalidSettingException(WEBHOOKS_SECRET, SECRET_FORM)));
            optional(WEBHOOKS_SECRET_PREVIOUS).filter(secret -> decodeSecret(secret).isEmpty()).ifPresent(secret ->
                    invalid.add(new InvalidSettingException(WEBHOOKS_SECRET_PREVIOUS, SECRET_FORM)));
        });
        if (optional(API_AUTH).filter("jwt"::equals).isPresent()) {
            optional(TOKEN_PUBLIC_KEY_LOCATION).filter(location -> !Settings.secureKeyLocation(location)).ifPresent(location ->
                    invalid.add(new InvalidSettingException(TOKEN_PUBLIC_KEY_LOCATION, "must be an https:// URL (http:// only "
                            + "for a loopback address: 127.0.0.0/8, ::1, localhost), a file path or a file: URL")));
        }
        if (optional(API_AUTH).filter(mode -> AuthMode.of(mode).isEmpty()).isPresent()) {
            invalid.add(new InvalidSettingException(API_AUTH, "must be jwt or none"));
        }
        if (optional(WEBHOOKS_RETRY_SCHEDULE).filter(raw -> parseSchedule(raw).isEmpty()).isPresent()) {
            invalid.add(new InvalidSettingException(WEBHOOKS_RETRY_SCHEDULE, "must be a comma-separated list of positive whole seconds"));
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

    /**
     * True unless {@code location} is a URL that could hand us someone else's keys: an {@code http://}
     * URL to anything but a loopback address (127.0.0.0/8, ::1, localhost), or a URL of another
     * scheme than https, http or file. File paths are fine. No name is looked up.
     */
    public static boolean secureKeyLocation(String location) {
        String lower = location.trim().toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("file:")) {
            return true;
        }
        if (!lower.startsWith("http://")) {
            return !lower.matches("[a-z][a-z0-9+.-]*://.*"); // a path, not a URL of another scheme
        }
        try {
            String host = URI.create(location.trim()).getHost();
            return host != null && isLoopback(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean isLoopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.equals("[::1]") || name.equals("::1")) {
            return true;
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String part : parts) {
            if (!part.matches("[0-9]{1,3}") || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
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
            byte[] key = java.util.Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
            return key.length >= 24 ? Optional.of(key) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public Optional<String> optional(String key) {
        return config.getOptionalValue(key, String.class)
                .map(String::trim)
                .filter(value -> !value.isEmpty());
    }

    public String required(String key) {
        return optional(key).orElseThrow(() -> new MissingSettingException(key));
    }

    private long positiveLong(String key, long defaultValue) {
        Optional<String> raw = optional(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(raw.get());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalStateException("The setting '" + key + "' must be a positive whole number; "
                + "check the environment variable " + environmentVariableOf(key) + ".");
    }

    /** MicroProfile Config's standard mapping of a key to its environment variable. */
    public static String environmentVariableOf(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
