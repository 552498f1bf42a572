package dev.iotpaymerchant.orders.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.iotpay.control.PayChannel;
import dev.iotpaymerchant.orders.entity.OrderDetails;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.http.ContextRoot;
import dev.iotpaymerchant.platform.values.Money;

/**
 * The order JSON's money: integer minor units, and what is left to refund as the server counts it; a QR
 * code's image is found under the context root the application was deployed at.
 */
class OrderViewTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 26, 12, 0, 0, 0, ZoneOffset.UTC);

    private static PaymentOrder pending() {
        PaymentOrder order = new PaymentOrder("MOview", PayChannel.WX_APP, new Money(1999, "CAD"),
                new OrderDetails("s", "b", null, null, null, "127.0.0.1"), null, NOW);
        order.accepted("P1", null, NOW);
        return order;
    }

    @Test
    void anUnpaidOrderHasNothingToRefund() {
        JsonObject json = OrderView.of(pending());
        assertEquals(1999L, json.getJsonNumber("amount").longValueExact());
        assertEquals(0L, json.getJsonNumber("refundedAmount").longValueExact());
        assertEquals(0L, json.getJsonNumber("refundable").longValueExact());
    }

    @Test
    void aRefundNotSettledYetIsNotRefundedButNoLongerRefundable() {
        PaymentOrder order = pending();
        order.paid("P1", "wx", NOW, NOW, false);
        assertEquals(1999L, OrderView.of(order).getJsonNumber("refundable").longValueExact());
        order.refunds().reserve(500); // stored, UNKNOWN at IOTPay
        JsonObject json = OrderView.of(order);
        assertEquals(0L, json.getJsonNumber("refundedAmount").longValueExact());
        assertEquals(1499L, json.getJsonNumber("refundable").longValueExact(), "not amount - refundedAmount");
        order.refunds().succeeded(500);
        json = OrderView.of(order);
        assertEquals(500L, json.getJsonNumber("refundedAmount").longValueExact());
        assertEquals(1499L, json.getJsonNumber("refundable").longValueExact());
    }

    @AfterEach
    void atTheRootAgain() {
        ContextRoot.started("/");
    }

    private static PaymentOrder pendingQr() {
        PaymentOrder order = new PaymentOrder("MOqr", PayChannel.WX_NATIVE, new Money(500, "CAD"),
                new OrderDetails("s", "b", null, null, null, "127.0.0.1"), null, NOW);
        order.accepted("P2", "{\"type\":\"qr\",\"content\":\"weixin://wxpay/bizpayurl?pr=Q\"}", NOW);
        return order;
    }

    @Test
    void aQrCodesImageIsUnderTheApiAtTheRoot() {
        ContextRoot.started("/");
        JsonObject next = OrderView.answer(pendingQr()).build().getJsonObject("nextAction");
        assertEquals("/api/orders/MOqr/qr.svg", next.getString("image"));
        assertEquals("weixin://wxpay/bizpayurl?pr=Q", next.getString("content"));
    }

    @Test
    void aQrCodesImageIsUnderTheContextRootTheServerDeployedAt() {
        ContextRoot.started("/payments");
        JsonObject next = OrderView.answer(pendingQr()).build().getJsonObject("nextAction");
        assertEquals("/payments/api/orders/MOqr/qr.svg", next.getString("image"),
                "resolved against the address the client called, it leads back to this deployment");
    }
}
