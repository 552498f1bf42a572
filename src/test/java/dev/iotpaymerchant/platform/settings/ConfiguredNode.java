package dev.iotpaymerchant.platform.settings;

import java.util.List;
import java.util.Map;

import dev.iotpaymerchant.access.control.AccessSettings;
import dev.iotpaymerchant.audit.control.AuditSettings;
import dev.iotpaymerchant.checkouts.control.CheckoutSettings;
import dev.iotpaymerchant.console.control.ConsoleSettings;
import dev.iotpaymerchant.fulfilment.control.FulfilmentSettings;
import dev.iotpaymerchant.idempotency.control.IdempotencySettings;
import dev.iotpaymerchant.iotpay.control.IotPaySettings;
import dev.iotpaymerchant.notifications.control.NotificationSettings;
import dev.iotpaymerchant.orders.control.OrderSettings;
import dev.iotpaymerchant.refunds.control.RefundSettings;

/** Every component's typed settings over one map of values, wired as the container wires them (for unit tests). */
public final class ConfiguredNode {

    public final Settings settings;
    public final PlatformSettings platform;
    public final IotPaySettings iotpay;
    public final OrderSettings orders;
    public final RefundSettings refunds;
    public final NotificationSettings notifications;
    public final FulfilmentSettings fulfilment;
    public final AccessSettings access;
    public final ConsoleSettings console;
    public final IdempotencySettings idempotency;
    public final CheckoutSettings checkouts;
    public final AuditSettings audit;

    /** Reads {@code values} as they are when asked, like MicroProfile Config does. */
    public ConfiguredNode(Map<String, String> values) {
        settings = new Settings(new MapConfig(values));
        platform = new PlatformSettings(settings);
        iotpay = new IotPaySettings(settings);
        orders = new OrderSettings(settings, iotpay);
        refunds = new RefundSettings(settings);
        notifications = new NotificationSettings(settings);
        fulfilment = new FulfilmentSettings(settings);
        access = new AccessSettings(settings, platform);
        console = new ConsoleSettings(settings);
        idempotency = new IdempotencySettings(settings);
        checkouts = new CheckoutSettings(settings);
        audit = new AuditSettings(settings, platform);
        // in no particular order, as CDI gives them: Settings puts them in its reporting order
        settings.givenComponents = List.of(audit, console, access, fulfilment, notifications, checkouts, refunds, idempotency, orders, platform, iotpay);
    }

    public List<ComponentSettings> components() {
        return settings.givenComponents;
    }
}
