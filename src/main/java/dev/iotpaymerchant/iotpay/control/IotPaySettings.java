package dev.iotpaymerchant.iotpay.control;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.settings.ComponentSettings;
import dev.iotpaymerchant.platform.settings.InvalidSettingException;
import dev.iotpaymerchant.platform.settings.PlatformSettings;
import dev.iotpaymerchant.platform.settings.Setting;
import dev.iotpaymerchant.platform.settings.Settings;

/**
 * The merchant's account at IOTPay and how to reach it. Nothing here ever logs or returns the
 * merchant key except to the signer.
 */
@ApplicationScoped
public class IotPaySettings implements ComponentSettings {

    private static final String COMPONENT = "iotpay";

    public static final Setting MERCHANT_ID = Setting.required(COMPONENT, "iotpay.mch-id", "merchant id from IOTPay");
    public static final Setting MERCHANT_KEY = Setting.required(COMPONENT, "iotpay.mch-key",
            "merchant key: signs requests, verifies notifications").asSecret();
    public static final Setting MERCHANT_KEY_PREVIOUS = Setting.optional(COMPONENT, "iotpay.mch-key-previous",
            "only while rotating the merchant key: the old key, still accepted (never used to sign)").asSecret();
    public static final Setting NOTIFY_URL = Setting.required(COMPONENT, "iotpay.notify-url",
            "the public URL of /api/notify, with the context root the backend is deployed under");
    public static final Setting API_URL = Setting.withDefault(COMPONENT, "iotpay.api-url", "https://api.iotpaycloud.com/v1",
            "IOTPay's API, to which /create_order, /query_order ... are appended");
    public static final Setting JOB_NO = Setting.optional(COMPONENT, "iotpay.job-no", "IOTPay login name; sent when set");
    public static final Setting WX_APP_ID = Setting.optional(COMPONENT, "iotpay.wx-app-id",
            "WeChat open-platform app id; required for WX_APP");
    public static final Setting CURRENCY = Setting.withDefault(COMPONENT, "iotpay.currency", "CAD",
            "the currency of every order");
    public static final Setting CONNECT_TIMEOUT_MS = Setting.withDefault(COMPONENT, "iotpay.connect-timeout-ms", "5000",
            "the most connecting to IOTPay may take");
    public static final Setting READ_TIMEOUT_MS = Setting.withDefault(COMPONENT, "iotpay.read-timeout-ms", "15000",
            "the most IOTPay's whole answer may take after connecting");
    public static final Setting REFUND_QUERY_PATH = Setting.withDefault(COMPONENT, "iotpay.refund-query-path",
            "/query_refund_order", "IOTPay's refund query, after iotpay.api-url");

    public static final Setting ALIPAY_SDK = Setting.withDefault(COMPONENT, "iotpay.alipay-sdk", "false",
            "true only if the IOTPay contract still has ALIPAY_MOBILE (the Alipay app SDK, ended 2026-03-10)");

    static final List<Setting> DECLARED = List.of(MERCHANT_ID, MERCHANT_KEY, MERCHANT_KEY_PREVIOUS, NOTIFY_URL, API_URL,
            JOB_NO, WX_APP_ID, CURRENCY, CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS, REFUND_QUERY_PATH, ALIPAY_SDK);

    @Inject
    Settings settings;

    @Inject
    PlatformSettings platform;

    IotPaySettings() {
        // for CDI
    }

    /** Reads through {@code settings} without a container (the unit tests). */
    public IotPaySettings(Settings settings) {
        this.settings = settings;
        this.platform = new PlatformSettings(settings);
    }

    @Override
    public List<Setting> declared() {
        return DECLARED;
    }

    @Override
    public int reportingRank() {
        return 10;
    }

    public String merchantId() {
        return settings.required(MERCHANT_ID);
    }

    /** The secret. Only the signer should ask for it. */
    public String merchantKey() {
        return settings.required(MERCHANT_KEY);
    }

    /**
     * The merchant key being rotated out (a secret, like the current one): while it is set,
     * notifications and IOTPay's answers signed with it are accepted too. Requests are always
     * signed with {@link #merchantKey()}.
     */
    public Optional<String> merchantKeyPrevious() {
        return settings.optional(MERCHANT_KEY_PREVIOUS);
    }

    public URI apiUrl() {
        String url = settings.orDefault(API_URL);
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    public String notifyUrl() {
        return settings.required(NOTIFY_URL);
    }

    /**
     * Where IOTPay's refund query lives, appended to the API URL. IOTPay's "Query Refund" page
     * gives no path we could read; docs/iotpay-protocol.md says where the default comes from.
     */
    public String refundQueryPath() {
        String path = settings.orDefault(REFUND_QUERY_PATH);
        return path.startsWith("/") ? path : "/" + path;
    }

    /** IOTPay's docs require jobNo, but some accounts work without it; it is sent only when set. */
    public Optional<String> jobNo() {
        return settings.optional(JOB_NO);
    }

    public String wechatAppId() {
        return settings.required(WX_APP_ID);
    }

    /** Whether ALIPAY_MOBILE is taken: IOTPay ended the Alipay SDK route on 2026-03-10, so only on request. */
    public boolean alipaySdk() {
        return "true".equalsIgnoreCase(settings.orDefault(ALIPAY_SDK).trim());
    }

    public String currency() {
        return settings.orDefault(CURRENCY).toUpperCase(Locale.ROOT);
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(settings.positiveLong(CONNECT_TIMEOUT_MS));
    }

    public Duration readTimeout() {
        return Duration.ofMillis(settings.positiveLong(READ_TIMEOUT_MS));
    }

    /** The most one call to IOTPay may take in all, from connecting to the whole answer. */
    public Duration iotpayDeadline() {
        return connectTimeout().plus(readTimeout());
    }

    @Override
    public List<InvalidSettingException> invalid() {
        List<InvalidSettingException> invalid = new ArrayList<>();
        // IOTPay's answers carry QR codes and payment pages: over plain http, whoever is on the path could swap them
        platform.insecureOutbound(API_URL).ifPresent(invalid::add);
        String sdk = settings.orDefault(ALIPAY_SDK).trim();
        if (!"true".equalsIgnoreCase(sdk) && !"false".equalsIgnoreCase(sdk)) {
            invalid.add(new InvalidSettingException(ALIPAY_SDK.key(), "must be true or false"));
        }
        return invalid;
    }

    @Override
    public Optional<String> whenReady() {
        return Optional.of("merchant " + merchantId() + ", IOTPay at " + apiUrl() + ", notifications to " + notifyUrl());
    }
}
