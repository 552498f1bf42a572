package dev.iotpaymerchant.orders.boundary;

import java.util.Set;

import jakarta.json.JsonObject;

import dev.iotpaymerchant.iotpay.control.PayChannel;
import dev.iotpaymerchant.orders.control.MajorUnitAmount;
import dev.iotpaymerchant.orders.control.NewOrder;
import dev.iotpaymerchant.platform.boundary.StrictJson;

/** Reads the body of {@code POST /api/orders} strictly ({@link StrictJson}): amount as integer minor units. */
final class OrderRequestJson {

    static final Set<String> FIELDS = Set.of("channelId", "amount", "currency", "subject", "body", "param1",
            "param2", "osType");

    private OrderRequestJson() {
    }

    static NewOrder read(String body, String defaultCurrency, String defaultSubject, String defaultBody,
                         long maxAmount, String clientIp) {
        JsonObject json = StrictJson.object(body, "{\"channelId\":\"WX_APP\",\"amount\":1999}");
        StrictJson.onlyKnown(json, FIELDS);
        PayChannel channel = NewOrder.channel("channelId", StrictJson.string(json, "channelId"));
        long amount = MajorUnitAmount.checked(StrictJson.amount(json), maxAmount);
        return new NewOrder(channel, amount, orDefault(StrictJson.string(json, "currency"), defaultCurrency),
                orDefault(StrictJson.string(json, "subject"), defaultSubject),
                orDefault(StrictJson.string(json, "body"), defaultBody),
                StrictJson.string(json, "param1"), StrictJson.string(json, "param2"),
                StrictJson.string(json, "osType"), clientIp);
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
