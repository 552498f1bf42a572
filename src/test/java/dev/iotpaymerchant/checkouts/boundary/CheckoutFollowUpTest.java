package dev.iotpaymerchant.checkouts.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.access.control.Actor;
import dev.iotpaymerchant.access.control.Caller;
import dev.iotpaymerchant.checkouts.control.CheckoutSettings;
import dev.iotpaymerchant.events.entity.CheckoutOverpaid;
import dev.iotpaymerchant.idempotency.boundary.IdempotentRequest;
import dev.iotpaymerchant.idempotency.boundary.IdempotentRequests;
import dev.iotpaymerchant.idempotency.control.KeyClaim;
import dev.iotpaymerchant.iotpay.control.IotPaySettings;
import dev.iotpaymerchant.iotpay.control.PayChannel;
import dev.iotpaymerchant.orders.control.PaymentOrders;
import dev.iotpaymerchant.orders.entity.OrderDetails;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.settings.ConfiguredNode;
import dev.iotpaymerchant.platform.values.MchOrderNo;
import dev.iotpaymerchant.platform.values.Money;
import dev.iotpaymerchant.refunds.control.Refunding;
import dev.iotpaymerchant.refunds.entity.Refund;

/**
 * The follow-up refunds a payment a checkout did not need as the system, and leaves the
 * request-scoped {@link Caller} as it found it: the observers called after it in the same dispatch
 * (or the request that dispatch runs in) share that Caller and must not become a system operator.
 */
class CheckoutFollowUpTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 12, 7, 12, 0, 0, 0, ZoneOffset.UTC);

    private final ConfiguredNode node = new ConfiguredNode(Map.of());
    private final Caller shared = new Caller();
    private final RecordingRefunds refunds = new RecordingRefunds();
    private final CheckoutFollowUp followUp = new CheckoutFollowUp();
    private final IdempotentRequests requests = new FirstTime();

    CheckoutFollowUpTest() {
        PaymentOrder extra = new PaymentOrder("MOextra0000000000000000", PayChannel.WX_APP, new Money(1234, "CAD"),
                new OrderDetails("Twice", "Twice", null, null, null, "198.51.100.4"), "anna", NOW);
        // wired as CDI wires it, the request-scoped Caller being the one of the dispatch
        wire(followUp, Map.of(CheckoutSettings.class, node.checkouts, IotPaySettings.class, node.iotpay,
                PaymentOrders.class, new OneOrder(extra), Refunding.class, refunds, IdempotentRequests.class, requests,
                Caller.class, shared));
    }

    @Test
    void theExtraPaymentIsRefundedAsTheSystemAndLaterObserversSeeTheCallerUnchanged() {
        shared.authenticated("anna", false, false, "203.0.113.7"); // e.g. a payer's request in which the dispatch ran
        followUp.refundExtraPayment(new CheckoutOverpaid("evt-1", new MchOrderNo("MOextra0000000000000000"), "COpaidTwice000000000000",
                null, 1234, "CAD", Map.of()));

        assertEquals(List.of(Actor.system("checkouts")), refunds.by, "refunded once, by the system");
        assertEquals("system (checkouts)", refunds.by.get(0).name(), "as the audit log names it");
        assertFalse(shared.isOperator(), "a later observer would see an operator");
        assertFalse(shared.isMerchant());
        assertEquals("anna", shared.actor());
        assertEquals(Optional.of("anna"), shared.subject());
        assertEquals("sub:anna", shared.rateKey());
    }

    @Test
    void aDeliveryAfterTheNodeThatStoredTheRefundStoppedIsDoneNotHeldInFlight() {
        followUp.refundExtraPayment(new CheckoutOverpaid("evt-1", new MchOrderNo("MOextra0000000000000000"), "COpaidTwice000000000000",
                null, 1234, "CAD", Map.of()));

        IdempotentRequest asked = ((FirstTime) requests).asked;
        assertTrue(asked.whenStale().apply("RF0000000000000000000001").isPresent(),
                "a stale claim that stored its refund answers (the refund sweep settles it), never 409 until the event fails");
        assertTrue(asked.whenFailed().apply("RF0000000000000000000001").isPresent());
    }

    /** Sets each {@code @Inject} field of {@code bean} whose type is given, as the container would. */
    private static void wire(Object bean, Map<Class<?>, Object> beans) {
        for (Field field : bean.getClass().getDeclaredFields()) {
            Object given = beans.get(field.getType());
            if (field.isAnnotationPresent(Inject.class) && given != null) {
                try {
                    field.setAccessible(true);
                    field.set(bean, given);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static final class OneOrder extends PaymentOrders {
        private final PaymentOrder order;

        OneOrder(PaymentOrder order) {
            this.order = order;
        }

        @Override
        public Optional<PaymentOrder> find(String mchOrderNo) {
            return Optional.of(order).filter(o -> o.getMchOrderNo().equals(mchOrderNo));
        }
    }

    /** A key never seen: the work runs. */
    private static final class FirstTime extends IdempotentRequests {
        IdempotentRequest asked;

        @Override
        public Outcome run(IdempotentRequest request, Runnable rules, Function<KeyClaim, Answer> work) {
            asked = request;
            rules.run();
            return new Outcome(work.apply(new KeyClaim(request.key(), "test-claim")), false);
        }
    }

    private static final class RecordingRefunds extends Refunding {
        final List<Actor> by = new ArrayList<>();

        @Override
        public Sent refund(String mchOrderNo, long amount, String reason, String clientIp, Actor by, KeyClaim idempotencyKey) {
            this.by.add(by);
            return new Sent(new Refund("RF0000000000000000000001", mchOrderNo, new Money(amount, "CAD"), reason,
                    by.subject().orElse(null), NOW), null);
        }
    }
}
