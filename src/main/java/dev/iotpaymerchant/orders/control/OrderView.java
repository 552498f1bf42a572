package dev.iotpaymerchant.orders.control;

import java.io.StringReader;
import java.util.Optional;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;

import dev.iotpaymerchant.orders.entity.OrderStatus;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.http.ContextRoot;
import dev.iotpaymerchant.platform.http.Jsons;
import dev.iotpaymerchant.platform.values.Instants;

/**
 * How an order looks from outside: to apps at {@code GET /api/orders/{no}}, and as the {@code data}
 * of every event and webhook. Amounts are integer minor units with their currency.
 */
public final class OrderView {

    private OrderView() {
    }

    public static JsonObject of(PaymentOrder order) {
        return builder(order).build();
    }

    /**
     * The order as the API answers it: with {@code nextAction} while it can still be paid (PENDING,
     * and IOTPay said what the payer does). Events carry {@link #of} instead: they tell what happened.
     */
    public static JsonObjectBuilder answer(PaymentOrder order) {
        JsonObjectBuilder json = builder(order);
        nextAction(order).ifPresent(next -> json.add("nextAction", next));
        return json;
    }

    /** What the payer does to pay the order, while it can be paid; a QR code comes with its image's address. */
    public static Optional<JsonObject> nextAction(PaymentOrder order) {
        if (order.getStatus() != OrderStatus.PENDING) {
            return Optional.empty();
        }
        return order.getGateway().nextAction().map(text -> {
            try (JsonReader reader = Jsons.reader(new StringReader(text))) {
                JsonObject next = reader.readObject();
                return "qr".equals(next.getString("type", "")) ? Jsons.object(next)
                        .add("image", qrImage(order.getMchOrderNo())).build() : next;
            }
        });
    }

    /**
     * Where a QR code's image is: a path on this host, so under the context root the server deployed the
     * application at ({@code /api/orders/…/qr.svg} at {@code /}, {@code /payments/api/orders/…/qr.svg} under
     * {@code /payments}), and a client finds it by resolving it against the address it called.
     */
    static String qrImage(String mchOrderNo) {
        return ContextRoot.of("/api/orders/" + mchOrderNo + "/qr.svg");
    }

    public static JsonObjectBuilder builder(PaymentOrder order) {
        JsonObjectBuilder json = Jsons.object()
                .add("mchOrderNo", order.getMchOrderNo());
        if (order.getPayOrderId() != null) {
            json.add("payOrderId", order.getPayOrderId());
        } else {
            json.addNull("payOrderId");
        }
        json.add("channelId", order.getChannel().name())
                .add("amount", order.getAmount())
                .add("currency", order.getCurrency())
                .add("status", order.getStatus().name())
                .add("refundedAmount", order.refunds().refunded())
                // Always present, so clients never guess: what a refund may still ask for (0 unless PAID or
                // PAID_AFTER_CLOSE). Not amount - refundedAmount: UNKNOWN and PROCESSING refunds hold theirs too.
                .add("refundable", order.refunds().refundable())
                .add("createdAt", Instants.text(order.getCreatedAt()));
        if (order.getPaidAt() != null) {
            json.add("paidAt", Instants.text(order.getPaidAt()));
        }
        if (order.getOwner() != null) {
            json.add("owner", order.getOwner());
        }
        if (order.getAttempt().checkoutId() != null) {
            json.add("checkoutId", order.getAttempt().checkoutId());
        }
        if (order.getStatusReason() != null && order.getStatus() != OrderStatus.PENDING) {
            json.add("statusReason", order.getStatusReason());
        }
        if (order.getStatus() == OrderStatus.NEEDS_REVIEW) {
            JsonObjectBuilder reported = Jsons.object();
            order.getReported().ifPresent(payment -> {
                if (payment.payOrderId() != null) {
                    reported.add("payOrderId", payment.payOrderId());
                }
                if (payment.amount() != null) {
                    reported.add("amount", payment.amount());
                }
                if (payment.currency() != null) {
                    reported.add("currency", payment.currency());
                }
            });
            json.add("reported", reported);
        }
        return json;
    }
}
