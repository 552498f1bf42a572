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

    /** Settings without which no payment can be taken. */
    public static final List<String> REQUIRED = List.of(MERCHANT_ID, MERCHANT_KEY, NOTIFY_URL);

    @Inject
    Config config;

    public String merchantId() {
        return required(MERCHANT_ID);
    }

    /** The secret. Only the signer should ask for it. */
    public String merchantKey() {
        return required(MERCHANT_KEY);
    }

    public URI apiUrl() {
        String url = optional(API_URL).orElse("https://api.iotpaycloud.com/v1");
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    public String notifyUrl() {
        return required(NOTIFY_URL);
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

    /** The required keys that have no value, by name only. */
    public List<String> missingRequired() {
        List<String> missing = new ArrayList<>();
        for (String key : REQUIRED) {
            if (optional(key).isEmpty()) {
                missing.add(key);
            }
        }
        return missing;
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
