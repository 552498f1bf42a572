package dev.iotpaymerchant.events.control;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import dev.iotpaymerchant.events.entity.Channel;
import dev.iotpaymerchant.events.entity.CheckoutCancelled;
import dev.iotpaymerchant.events.entity.CheckoutExpired;
import dev.iotpaymerchant.events.entity.CheckoutOverpaid;
import dev.iotpaymerchant.events.entity.CheckoutPaid;
import dev.iotpaymerchant.events.entity.EventType;
import dev.iotpaymerchant.events.entity.OrderClosed;
import dev.iotpaymerchant.events.entity.OrderFailed;
import dev.iotpaymerchant.events.entity.PaymentAfterClose;
import dev.iotpaymerchant.events.entity.PaymentEvent;
import dev.iotpaymerchant.events.entity.PaymentNeedsReview;
import dev.iotpaymerchant.events.entity.PaymentSucceeded;
import dev.iotpaymerchant.events.entity.RefundFailed;
import dev.iotpaymerchant.events.entity.RefundOverRefunded;
import dev.iotpaymerchant.events.entity.RefundSucceeded;
import dev.iotpaymerchant.platform.values.MchOrderNo;

/**
 * Turns a stored outbox row back into the typed event observers receive. The row keeps the order
 * as the order view showed it when the transition committed, so a redelivery days later still
 * tells what happened then, not what the order looks like now.
 */
public final class PaymentEvents {

    private PaymentEvents() {
    }

    public static PaymentEvent of(String eventId, EventType type, JsonObject order) {
        if (type.isAboutARefund()) {
            return refund(eventId, type, order);
        }
        if (type.isAboutACheckout()) {
            return checkout(eventId, type, order);
        }
        MchOrderNo number = new MchOrderNo(order.getString("mchOrderNo"));
        Channel channel = Channel.valueOf(order.getString("channelId"));
        long amount = order.getJsonNumber("amount").longValueExact();
        String currency = order.getString("currency");
        String reason = text(order, "statusReason");
        return switch (type) {
            case PAYMENT_SUCCEEDED -> new PaymentSucceeded(eventId, number, text(order, "payOrderId"), channel, amount,
                    currency, time(order, "paidAt"));
            case PAYMENT_AFTER_CLOSE -> new PaymentAfterClose(eventId, number, text(order, "payOrderId"), channel,
                    amount, currency, time(order, "paidAt"));
            case PAYMENT_NEEDS_REVIEW -> {
                JsonObject reported = order.containsKey("reported") ? order.getJsonObject("reported") : JsonValue.EMPTY_JSON_OBJECT;
                JsonNumber reportedAmount = reported.containsKey("amount") ? reported.getJsonNumber("amount") : null;
                yield new PaymentNeedsReview(eventId, number, channel, amount, currency, text(reported, "payOrderId"),
                        reportedAmount == null ? null : reportedAmount.longValueExact(), text(reported, "currency"),
                        reason);
            }
            case ORDER_CLOSED -> new OrderClosed(eventId, number, channel, amount, currency, reason);
            case ORDER_FAILED -> new OrderFailed(eventId, number, channel, amount, currency, reason);
            case REFUND_SUCCEEDED, REFUND_FAILED, REFUND_OVER_REFUNDED, CHECKOUT_PAID, CHECKOUT_EXPIRED,
                 CHECKOUT_CANCELLED, CHECKOUT_OVERPAID -> throw new IllegalStateException("not an order event");
        };
    }

    /**
     * A refund event's data is the refund as {@code GET /api/orders/{no}/refunds/{refundNo}} shows it;
     * refund.over_refunded adds the order's {@code orderAmount}, {@code orderRefundedAmount} and
     * {@code overRefunded}.
     */
    private static PaymentEvent refund(String eventId, EventType type, JsonObject refund) {
        MchOrderNo number = new MchOrderNo(refund.getString("mchOrderNo"));
        String refundNo = refund.getString("refundNo");
        long amount = refund.getJsonNumber("amount").longValueExact();
        String currency = refund.getString("currency");
        return switch (type) {
            case REFUND_SUCCEEDED -> new RefundSucceeded(eventId, number, refundNo, amount, currency,
                    text(refund, "refundOrderId"), time(refund, "succeededAt"));
            case REFUND_OVER_REFUNDED -> new RefundOverRefunded(eventId, number, refundNo, amount, currency,
                    refund.getJsonNumber("orderAmount").longValueExact(),
                    refund.getJsonNumber("orderRefundedAmount").longValueExact());
            default -> new RefundFailed(eventId, number, refundNo, amount, currency, text(refund, "statusReason"));
        };
    }

    /**
     * A checkout event's data is the checkout as {@code GET /api/checkouts/{checkoutId}} shows it,
     * with {@code mchOrderNo}: the attempt that paid it (checkout.paid), or the extra one
     * (checkout.overpaid).
     */
    private static PaymentEvent checkout(String eventId, EventType type, JsonObject checkout) {
        MchOrderNo number = Optional.ofNullable(text(checkout, "mchOrderNo")).map(MchOrderNo::new).orElse(null);
        String checkoutId = checkout.getString("checkoutId");
        String reference = text(checkout, "reference");
        long amount = checkout.getJsonNumber("amount").longValueExact();
        String currency = checkout.getString("currency");
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonObject given = checkout.containsKey("metadata") ? checkout.getJsonObject("metadata") : JsonValue.EMPTY_JSON_OBJECT;
        given.forEach((key, value) -> metadata.put(key, given.getString(key)));
        return switch (type) {
            case CHECKOUT_PAID -> new CheckoutPaid(eventId, number, checkoutId, reference, amount, currency, metadata);
            case CHECKOUT_EXPIRED -> new CheckoutExpired(eventId, number, checkoutId, reference, amount, currency, metadata);
            case CHECKOUT_CANCELLED -> new CheckoutCancelled(eventId, number, checkoutId, reference, amount, currency, metadata);
            default -> new CheckoutOverpaid(eventId, number, checkoutId, reference, amount, currency, metadata);
        };
    }

    private static String text(JsonObject json, String name) {
        JsonValue value = json.get(name);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : json.getString(name);
    }

    private static OffsetDateTime time(JsonObject json, String name) {
        String text = text(json, name);
        return text == null ? null : OffsetDateTime.parse(text);
    }
}
