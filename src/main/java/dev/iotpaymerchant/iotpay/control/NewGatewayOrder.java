package dev.iotpaymerchant.iotpay.control;

/**
 * An order as we ask IOTPay to create it. Merchant id, job number, notify URL, channel extras and
 * the signature are added by {@link IotPayClient}.
 *
 * @param channelId IOTPay channel, e.g. WX_APP
 * @param amount    minor units of {@code currency}
 * @param osType    IOS or ANDROID, or null
 */
public record NewGatewayOrder(String mchOrderNo, String channelId, long amount, String currency,
                              String clientIp, String subject, String body, String param1, String param2,
                              String osType) {
}
