package dev.iotpaymerchant.orders.control;

import java.util.Set;

import dev.iotpaymerchant.iotpay.control.PayChannel;
import dev.iotpaymerchant.platform.values.InvalidRequest;
import dev.iotpaymerchant.platform.values.TextField;

/**
 * A purchase as the app asks for it, already checked against IOTPay's field limits, so nothing
 * that IOTPay would refuse for its shape ever leaves this backend.
 *
 * @param method how the payer pays: the channel and what it needs
 * @param amount minor units of {@code currency}
 */
public record NewOrder(PaymentMethod method, long amount, String currency, String subject, String body,
                       String param1, String param2, String clientIp) {

    public static final Set<String> CURRENCIES = Set.of("CAD", "USD", "CNY");

    public NewOrder {
        TextField.check("subject", subject, 64, true);
        TextField.check("body", body, 255, true);
        TextField.check("param1", param1, 64, false);
        TextField.check("param2", param2, 64, false);
        if (!CURRENCIES.contains(currency)) {
            throw new InvalidRequest("The currency must be one IOTPay takes: CAD, USD or CNY.");
        }
    }

    public PayChannel channel() {
        return method.channel();
    }

    public String osType() {
        return method.osType();
    }

    /**
     * What the request means, field by field: the same order asked for twice gives the same text.
     * An order without a returnUrl or productId means what it meant before they existed, so a key
     * retried across an upgrade still matches.
     */
    public String meaning() {
        String meaning = String.join("\u0000", channel().name(), Long.toString(amount), currency, subject, body,
                String.valueOf(param1), String.valueOf(param2), String.valueOf(osType()));
        if (method.returnUrl() != null || method.productId() != null) {
            meaning += "\u0000" + method.returnUrl() + "\u0000" + method.productId();
        }
        return meaning;
    }
}
