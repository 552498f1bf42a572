package dev.iotpaymerchant.orders.control;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.iotpay.control.IotPaySettings;
import dev.iotpaymerchant.platform.settings.ComponentSettings;
import dev.iotpaymerchant.platform.settings.InvalidSettingException;
import dev.iotpaymerchant.platform.settings.Setting;
import dev.iotpaymerchant.platform.settings.Settings;

/** What an order may be, what it says by default, and when the sweep asks about it and gives up. */
@ApplicationScoped
public class OrderSettings implements ComponentSettings {

    private static final String COMPONENT = "orders";

    public static final Setting MAX_AMOUNT = Setting.withDefault(COMPONENT, "orders.max-amount", "1000000",
            "the largest amount one order may carry, in minor units (10,000.00)");
    public static final Setting DEFAULT_SUBJECT = Setting.withDefault(COMPONENT, "orders.default-subject", "Order",
            "an order's subject when the app gives none");
    public static final Setting DEFAULT_BODY = Setting.withDefault(COMPONENT, "orders.default-body", "In-app purchase",
            "an order's body when the app gives none");
    public static final Setting RECONCILE_AFTER = Setting.withDefault(COMPONENT, "orders.reconcile.after-seconds", "60",
            "age of an unsettled order before the sweep first asks IOTPay about it");
    public static final Setting EXPIRE_AFTER = Setting.withDefault(COMPONENT, "orders.expire-after-seconds", "7200",
            "unpaid orders are closed after this (after asking IOTPay)");
    public static final Setting LATE_PAYMENT_WATCH = Setting.withDefault(COMPONENT, "orders.late-payment-watch-hours",
            "48", "how long a closed or failed order is still asked about, in case it is paid late");

    public static final Setting RETURN_URL_HOSTS = Setting.optional(COMPONENT, "orders.return-url-hosts",
            "comma-separated hosts a payer's browser may be sent back to (returnUrl); unset: no returnUrl is taken");
    public static final Setting MAX_WAITING = Setting.withDefault(COMPONENT, "orders.max-waiting", "1000",
            "the most status long-polls (GET /api/orders/{no}?wait=) one node holds at once; beyond, 503");
    public static final Setting MAX_WAITING_PER_CALLER = Setting.withDefault(COMPONENT, "orders.max-waiting-per-caller", "5",
            "of those, the most one caller holds at once on one node; beyond, 429");

    static final List<Setting> DECLARED = List.of(MAX_AMOUNT, DEFAULT_SUBJECT, DEFAULT_BODY, RECONCILE_AFTER, EXPIRE_AFTER,
            LATE_PAYMENT_WATCH, RETURN_URL_HOSTS, MAX_WAITING, MAX_WAITING_PER_CALLER);

    @Inject
    Settings settings;

    @Inject
    IotPaySettings iotpay;

    OrderSettings() {
        // for CDI
    }

    /** Reads through {@code settings} without a container (the unit tests). */
    public OrderSettings(Settings settings, IotPaySettings iotpay) {
        this.settings = settings;
        this.iotpay = iotpay;
    }

    @Override
    public List<Setting> declared() {
        return DECLARED;
    }

    @Override
    public int reportingRank() {
        return 30;
    }

    /** The largest amount one order may carry, in minor units (default 10,000.00). */
    public long maxAmount() {
        return settings.positiveLong(MAX_AMOUNT);
    }

    public String defaultSubject() {
        return settings.orDefault(DEFAULT_SUBJECT);
    }

    public String defaultBody() {
        return settings.orDefault(DEFAULT_BODY);
    }

    /** How old an unsettled order must be before the reconciliation first asks IOTPay about it. */
    public Duration reconcileAfter() {
        return Duration.ofSeconds(settings.positiveLong(RECONCILE_AFTER));
    }

    /** How long a payer has to pay before an unpaid order is closed (after asking IOTPay). */
    public Duration expireAfter() {
        return Duration.ofSeconds(settings.positiveLong(EXPIRE_AFTER));
    }

    /** How long a closed or failed order is still asked about, in case the wallet pays it late. */
    public Duration latePaymentWatch() {
        return Duration.ofHours(settings.positiveLong(LATE_PAYMENT_WATCH));
    }

    /** The hosts a returnUrl may name, in lower case; none when unset. */
    public Set<String> returnUrlHosts() {
        return settings.commaSeparated(RETURN_URL_HOSTS).stream().map(host -> host.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** How many status long-polls this node holds at once. */
    public int maxWaiting() {
        return (int) Math.min(Integer.MAX_VALUE, settings.positiveLong(MAX_WAITING));
    }

    /** How many status long-polls one caller holds at once on this node: a share, so one caller cannot take them all. */
    public int maxWaitingPerCaller() {
        return (int) Math.min(Integer.MAX_VALUE, settings.positiveLong(MAX_WAITING_PER_CALLER));
    }

    @Override
    public List<InvalidSettingException> invalid() {
        try {
            Duration atIotPay = iotpay.connectTimeout().plus(iotpay.readTimeout());
            if (reconcileAfter().compareTo(atIotPay) <= 0) {
                return List.of(new InvalidSettingException(RECONCILE_AFTER.key(), "must exceed "
                        + IotPaySettings.CONNECT_TIMEOUT_MS.key() + " + " + IotPaySettings.READ_TIMEOUT_MS.key()
                        + " (" + atIotPay.toMillis() + " ms), or the sweep may ask IOTPay about an "
                        + "order whose create_order is still on its way and fail it"));
            }
        } catch (IllegalStateException malformed) {
            return List.of(new InvalidSettingException(RECONCILE_AFTER.key(), malformed.getMessage()));
        }
        return List.of();
    }
}
