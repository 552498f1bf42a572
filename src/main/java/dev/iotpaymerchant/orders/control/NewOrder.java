package dev.iotpaymerchant.orders.control;

import java.util.Set;

import dev.iotpaymerchant.iotpay.control.PayChannel;
import dev.iotpaymerchant.platform.control.InvalidRequest;

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
        text("subject", subject, 64, true);
        text("body", body, 255, true);
        text("param1", param1, 64, false);
        text("param2", param2, 64, false);
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

    private static void text(String name, String value, int maxLength, boolean required) {
        if (value == null) {
            if (required) {
                throw new InvalidRequest("The field '" + name + "' is required.");
            }
            return;
        }
        if (required && value.isBlank()) {
            throw new InvalidRequest("The field '" + name + "' must not be blank.");
        }
        if (value.length() > maxLength) {
            throw new InvalidRequest("The field '" + name + "' is limited to " + maxLength + " characters.");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new InvalidRequest("The field '" + name + "' must not contain control characters "
                        + "such as line breaks.");
            }
        }
    }
}
