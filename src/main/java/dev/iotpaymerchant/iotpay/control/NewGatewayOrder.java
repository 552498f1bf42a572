package dev.iotpaymerchant.iotpay.control;

/**
 * An order as we ask IOTPay to create it. Merchant id, job number, notify URL, channel extras and
 * the signature are added by {@link IotPayClient}.
 *
 * @param amount    minor units of {@code currency}
 * @param osType    IOS or ANDROID, or null
 * @param returnUrl where the payer's browser comes back (redirect channels), or null
 * @param productId the product a WX_NATIVE code is for, or null (then the order number)
 */
public record NewGatewayOrder(String mchOrderNo, PayChannel channel, long amount, String currency,
                              String clientIp, String subject, String body, String param1, String param2,
                              String osType, String returnUrl, String productId) {
}
