package dev.iotpaymerchant.orders.control;

import java.util.Set;

import dev.iotpaymerchant.iotpay.control.PayChannel;
import dev.iotpaymerchant.platform.control.InvalidRequest;
import dev.iotpaymerchant.platform.control.TextField;

/**
 * A purchase as the app asks for it, already checked against IOTPay's field limits, so nothing
 * that IOTPay would refuse for its shape ever leaves this backend.
 *
 * @param amount minor units of {@code currency}
 */
public record NewOrder(PayChannel channel, long amount, String currency, String subject, String body,
                       String param1, String param2, String osType, String clientIp) {

    public static final Set<String> CURRENCIES = Set.of("CAD", "USD", "CNY");
    public static final Set<String> OS_TYPES = Set.of("IOS", "ANDROID");

    public NewOrder {
        TextField.check("subject", subject, 64, true);
        TextField.check("body", body, 255, true);
        TextField.check("param1", param1, 64, false);
        TextField.check("param2", param2, 64, false);
        if (!CURRENCIES.contains(currency)) {
            throw new InvalidRequest("The currency must be one IOTPay takes: CAD, USD or CNY.");
        }
        if (osType != null && !OS_TYPES.contains(osType)) {
            throw new InvalidRequest("The osType must be IOS or ANDROID.");
        }
    }

    /** What the request means, field by field: the same order asked for twice gives the same text. */
    public String meaning() {
        return String.join("\u0000", channel.name(), Long.toString(amount), currency, subject, body,
                String.valueOf(param1), String.valueOf(param2), String.valueOf(osType));
    }

    public static PayChannel channel(String parameter, String id) {
        if (id == null || id.isEmpty()) {
            throw new InvalidRequest("The parameter '" + parameter + "' is required: WX_APP or ALIPAY_MOBILE.");
        }
        return PayChannel.of(id).orElseThrow(() -> new InvalidRequest(
                "The channel must be WX_APP (WeChat Pay) or ALIPAY_MOBILE (Alipay)."));
    }
}
