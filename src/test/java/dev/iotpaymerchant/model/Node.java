package dev.iotpaymerchant.model;

import java.lang.reflect.Field;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import jakarta.persistence.EntityManagerFactory;

import dev.iotpaymerchant.access.control.Caller;
import dev.iotpaymerchant.checkouts.control.CheckoutWatcher;
import dev.iotpaymerchant.events.control.Outbox;
import dev.iotpaymerchant.fulfilment.control.DispatchTrigger;
import dev.iotpaymerchant.fulfilment.control.PaymentEventOutbox;
import dev.iotpaymerchant.iotpay.control.GatewayConnection;
import dev.iotpaymerchant.orders.control.OrderWatcher;
import dev.iotpaymerchant.platform.settings.ConfiguredNode;
import dev.iotpaymerchant.platform.work.DueWork;
import dev.iotpaymerchant.platform.work.WorkClock;

/**
 * One running node of the application for the model tests: its settings, its beans (made on first use,
 * each session bean under its transaction rules) and its transactions. A crash throws the node away;
 * the next one starts with nothing in memory, on the same database, clock and IOTPay.
 */
final class Node {

    static final String MERCHANT_ID = "10000701";
    static final String MERCHANT_KEY = "MODEL-TEST-ONLY-KEY-5b1d";

    static final Map<String, String> SETTINGS = Map.of(
            "iotpay.mch-id", MERCHANT_ID,
            "iotpay.mch-key", MERCHANT_KEY,
            "iotpay.notify-url", "https://shop.example/api/notify",
            "iotpay.api-url", "https://iotpay.example/v1",
            "api.auth", "none");

    final Transactions transactions;
    private final Beans beans;

    Node(EntityManagerFactory factory, Clock clock, GatewayConnection iotpay, Dispatching dispatching) {
        transactions = new Transactions(factory);
        ConfiguredNode configured = new ConfiguredNode(SETTINGS);
        DispatchTrigger noDelivery = new DispatchTrigger() {
            @Override
            public void soon() {
                // the model tests run the dispatcher as a step of its own (Shop.dispatch), or the follow-up (Shop.followUp)
            }
        };
        Caller merchant = new Caller();
        merchant.authenticated("shop", false, true, "192.0.2.7"); // the merchant's server, which may see the checkout
        beans = new Beans(transactions,
                List.of(configured.settings, configured.platform, configured.iotpay, configured.orders, configured.refunds,
                        configured.notifications, configured.fulfilment, configured.access, configured.console,
                        configured.idempotency, configured.checkouts, clock, iotpay, noDelivery, merchant,
                        new Dispatching.Observers(dispatching, this), new Dispatching.Threads(dispatching)),
                Map.of(Outbox.class, PaymentEventOutbox.class),
                Map.of(OrderWatcher.class, List.of(CheckoutWatcher.class)),
                Clock.systemUTC());
        if (clock instanceof MovingClock moving) {
            // The claims' readings and the loop's lease checks on one monotonic clock that moves with the test's.
            LongSupplier monotonic = moving::monotonicNanos;
            set(beans.get(WorkClock.class), "monotonic", monotonic);
            set(beans.get(DueWork.class), "nanos", monotonic);
        }
    }

    private static void set(Object bean, String field, Object value) {
        for (Class<?> c = bean.getClass(); c != Object.class; c = c.getSuperclass()) {
            try {
                Field declared = c.getDeclaredField(field);
                declared.setAccessible(true);
                declared.set(bean, value);
                return;
            } catch (NoSuchFieldException notHere) {
                // the bean's own class is a generated subclass of the application's
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no field " + field + " in " + bean.getClass().getName());
    }

    <T> T get(Class<T> type) {
        return beans.get(type);
    }
}
