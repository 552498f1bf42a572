package dev.iotpaymerchant.it;

/**
 * The order request for each channel, with what that channel needs, as an app or a shop's page sends it:
 * the channel tests, the traces and the cluster's long-poll tests all pay with these.
 */
final class ChannelRequests {

    private ChannelRequests() {
    }

    /** A request for {@code channel} with what it needs; return URLs on the allowed host (localhost). */
    static String channelRequest(String channel, long amount) {
        String needs = switch (channel) {
            case "ALIPAY_WAP" -> ",\"osType\":\"IOS\",\"returnUrl\":\"" + Backend.BASE + "/shop/back?basket=7\"";
            case "WX_JSAPI", "ALIPAY_PC", "UPI_SEQ" -> ",\"returnUrl\":\"" + Backend.BASE + "/shop/back\"";
            case "WX_NATIVE" -> ",\"productId\":\"SKU-7\"";
            default -> "";
        };
        return "{\"channelId\":\"" + channel + "\",\"amount\":" + amount + ",\"subject\":\"Tea\",\"param1\":\"basket-7\"" + needs + "}";
    }
}
