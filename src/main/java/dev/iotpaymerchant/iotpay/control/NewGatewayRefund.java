package dev.iotpaymerchant.iotpay.control;

/** A refund as refund_order needs it; {@code amount} in minor units of {@code currency}. */
public record NewGatewayRefund(String mchRefundNo, String payOrderId, long amount, String currency, String clientIp,
                               String channelId) {
}
