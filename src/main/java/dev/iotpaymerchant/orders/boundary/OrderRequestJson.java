package dev.iotpaymerchant.orders.boundary;

import java.util.Set;

import jakarta.json.JsonObject;

import dev.iotpaymerchant.orders.control.MajorUnitAmount;
import dev.iotpaymerchant.orders.control.NewOrder;
import dev.iotpaymerchant.orders.control.PaymentMethod;
import dev.iotpaymerchant.orders.control.PaymentMethods;
import dev.iotpaymerchant.platform.http.boundary.StrictJson;

/** Reads the body of {@code POST /api/orders} strictly ({@link StrictJson}): amount as integer minor units. */
final class OrderRequestJson {

    static final Set<String> FIELDS = Set.of("channelId", "amount", "currency", "subject", "body", "param1",
            "param2", "osType", "returnUrl", "productId");

    private OrderRequestJson() {
    }

    static NewOrder read(String body, PaymentMethods methods, String defaultCurrency, String defaultSubject,
                         String defaultBody, long maxAmount, String clientIp) {
        JsonObject json = StrictJson.object(body, "{\"channelId\":\"WX_NATIVE\",\"amount\":1999}");
        StrictJson.onlyKnown(json, FIELDS);
        PaymentMethod method = methods.read("channelId", StrictJson.string(json, "channelId"),
                StrictJson.string(json, "osType"), StrictJson.string(json, "returnUrl"), StrictJson.string(json, "productId"));
        long amount = MajorUnitAmount.checked(StrictJson.amount(json), maxAmount);
        return new NewOrder(method, amount, orDefault(StrictJson.string(json, "currency"), defaultCurrency),
                orDefault(StrictJson.string(json, "subject"), defaultSubject),
                orDefault(StrictJson.string(json, "body"), defaultBody),
                StrictJson.string(json, "param1"), StrictJson.string(json, "param2"), clientIp);
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
