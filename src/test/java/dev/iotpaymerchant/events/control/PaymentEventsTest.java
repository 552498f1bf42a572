package dev.iotpaymerchant.events.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.events.entity.Channel;
import dev.iotpaymerchant.events.entity.EventType;
import dev.iotpaymerchant.events.entity.OrderClosed;
import dev.iotpaymerchant.events.entity.PaymentEvent;
import dev.iotpaymerchant.events.entity.PaymentNeedsReview;
import dev.iotpaymerchant.events.entity.PaymentSucceeded;
import dev.iotpaymerchant.events.entity.RefundOverRefunded;
import dev.iotpaymerchant.iotpay.control.PayChannel;
import dev.iotpaymerchant.orders.control.OrderView;
import dev.iotpaymerchant.orders.entity.OrderDetails;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.orders.entity.ReportedPayment;
import dev.iotpaymerchant.platform.values.MchOrderNo;
import dev.iotpaymerchant.platform.values.Money;
import dev.iotpaymerchant.refunds.control.RefundView;
import dev.iotpaymerchant.refunds.entity.Refund;

/** An event read back from its stored row says what the order looked like when the transition committed. */
class PaymentEventsTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 26, 12, 0, 0, 0, ZoneOffset.UTC);

    private static PaymentOrder order() {
        PaymentOrder order = new PaymentOrder("MOevents", PayChannel.WX_APP, new Money(1999, "CAD"),
                new OrderDetails("s", "b", null, null, null, "127.0.0.1"), null, NOW);
        order.accepted("P1", null, NOW);
        return order;
    }

    private static JsonObject stored(PaymentOrder order) {
        // exactly what the outbox keeps: the text of the order view
        return Json.createReader(new StringReader(OrderView.of(order).toString())).readObject();
    }

    @Test
    void aPaymentBecomesPaymentSucceededWithItsEventId() {
        PaymentOrder order = order();
        order.paid("P1", "wx1", NOW.plusMinutes(1), NOW, false);
        PaymentEvent event = PaymentEvents.of("evt_1", EventType.PAYMENT_SUCCEEDED, stored(order));
        assertEquals(new PaymentSucceeded("evt_1", new MchOrderNo("MOevents"), "P1", Channel.WX_APP, 1999, "CAD", NOW.plusMinutes(1)), event);
        assertEquals("payment.succeeded", event.type().wireName());
    }

    @Test
    void aReviewCarriesWhatIotPayReportedBesideTheOrder() {
        PaymentOrder order = order();
        order.paymentNeedsReview(new ReportedPayment("P1", 1, "CAD"), "paid 1 CAD", NOW);
        PaymentNeedsReview event = assertInstanceOf(PaymentNeedsReview.class,
                PaymentEvents.of("evt_2", EventType.PAYMENT_NEEDS_REVIEW, stored(order)));
        assertEquals(1999, event.amount());
        assertEquals(1L, event.reportedAmount());
        assertEquals("CAD", event.reportedCurrency());
        assertEquals("P1", event.reportedPayOrderId());
        assertEquals("paid 1 CAD", event.reason());
    }

    @Test
    void aCloseSaysWhy() {
        PaymentOrder order = order();
        order.closed("expired unpaid", NOW, null);
        OrderClosed event = assertInstanceOf(OrderClosed.class, PaymentEvents.of("evt_3", EventType.ORDER_CLOSED, stored(order)));
        assertEquals("expired unpaid", event.reason());
    }

    @Test
    void wireNamesAreTheWebhookContract() {
        assertEquals("payment.succeeded", EventType.PAYMENT_SUCCEEDED.wireName());
        assertEquals("payment.after_close", EventType.PAYMENT_AFTER_CLOSE.wireName());
        assertEquals("payment.needs_review", EventType.PAYMENT_NEEDS_REVIEW.wireName());
        assertEquals("order.closed", EventType.ORDER_CLOSED.wireName());
        assertEquals("order.failed", EventType.ORDER_FAILED.wireName());
        assertEquals("refund.succeeded", EventType.REFUND_SUCCEEDED.wireName());
        assertEquals("refund.failed", EventType.REFUND_FAILED.wireName());
        assertEquals("refund.over_refunded", EventType.REFUND_OVER_REFUNDED.wireName());
    }

    @Test
    void anOverRefundSaysByHowMuchTheOrderWasRefundedBeyondItsPayment() {
        Refund refund = new Refund("RFlate", "MOevents", new Money(1999, "CAD"), null, null, NOW);
        refund.failed("no answer", NOW);
        refund.succeeded("R1", NOW.plusHours(50), NOW.plusHours(50));
        JsonObject data = Json.createReader(new StringReader(RefundView.overRefunded(refund, 1999, 3998).toString()))
                .readObject();
        assertEquals(1999, data.getInt("overRefunded"));
        assertEquals("SUCCEEDED", data.getString("status"));
        RefundOverRefunded event = assertInstanceOf(RefundOverRefunded.class,
                PaymentEvents.of("evt_4", EventType.REFUND_OVER_REFUNDED, data));
        assertEquals(new RefundOverRefunded("evt_4", new MchOrderNo("MOevents"), "RFlate", 1999, "CAD", 1999, 3998), event);
        assertEquals(1999, event.overRefunded());
    }
}
