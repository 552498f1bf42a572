package dev.iotpaymerchant.checkouts.control;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.settings.ComponentSettings;
import dev.iotpaymerchant.platform.settings.InvalidSettingException;
import dev.iotpaymerchant.platform.settings.Setting;
import dev.iotpaymerchant.platform.settings.Settings;

/** How long a checkout stays open, and what happens to a payment it did not need. */
@ApplicationScoped
public class CheckoutSettings implements ComponentSettings {

    private static final String COMPONENT = "checkouts";

    public static final Setting EXPIRE_AFTER = Setting.withDefault(COMPONENT, "checkouts.expire-after-seconds", "1800",
            "how long a checkout stays OPEN when its request does not say (at most orders.expire-after-seconds)");
    public static final Setting REFUND_DUPLICATES = Setting.withDefault(COMPONENT, "checkouts.refund-duplicates", "true",
            "true: a payment a checkout did not need (paid twice, or after it closed) is refunded in full at once");

    static final List<Setting> DECLARED = List.of(EXPIRE_AFTER, REFUND_DUPLICATES);

    @Inject
    Settings settings;

    CheckoutSettings() {
        // for CDI
    }

    /** Reads through {@code settings} without a container (the unit tests). */
    public CheckoutSettings(Settings settings) {
        this.settings = settings;
    }

    @Override
    public List<Setting> declared() {
        return DECLARED;
    }

    @Override
    public int reportingRank() {
        return 50;
    }

    public Duration expireAfter() {
        return Duration.ofSeconds(settings.positiveLong(EXPIRE_AFTER));
    }

    public boolean refundDuplicates() {
        return !"false".equals(settings.orDefault(REFUND_DUPLICATES));
    }

    @Override
    public List<InvalidSettingException> invalid() {
        String refund = settings.orDefault(REFUND_DUPLICATES);
        if (!"true".equals(refund) && !"false".equals(refund)) {
            return List.of(new InvalidSettingException(REFUND_DUPLICATES.key(), "must be true or false"));
        }
        return List.of();
    }
}
