package dev.iotpaymerchant.orders.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

import dev.iotpaymerchant.iotpay.control.PayChannel;
import dev.iotpaymerchant.platform.values.InvalidRequest;

/**
 * How the payer pays: the channel and what that channel needs (docs/iotpay-protocol.md, Channels),
 * checked for its shape before anything is written. Whether a return host or ALIPAY_MOBILE is
 * allowed on this node is {@link PaymentMethods}' to say.
 *
 * @param osType    IOS or ANDROID: required for ALIPAY_WAP, taken by any channel
 * @param returnUrl where the payer's browser comes back: browser channels only, required for WX_JSAPI
 * @param productId what a WX_NATIVE code is for; WX_NATIVE only
 */
public record PaymentMethod(PayChannel channel, String osType, String returnUrl, String productId) {

    public static final Set<String> OS_TYPES = Set.of("IOS", "ANDROID");
    /** IOTPay's returnUrl is a String(200). */
    static final int MAX_RETURN_URL = 200;

    public PaymentMethod {
        if (osType != null && !OS_TYPES.contains(osType)) {
            throw new InvalidRequest("The osType must be IOS or ANDROID.");
        }
        if (channel == PayChannel.ALIPAY_WAP && osType == null) { // ALIPAY_MOBILE: optional, as before (iotpay-protocol.md)
            throw new InvalidRequest("The channel " + channel + " needs 'osType' (IOS or ANDROID): IOTPay requires it.");
        }
        if (returnUrl != null && channel.kind() != PayChannel.Kind.REDIRECT) {
            throw new InvalidRequest("'returnUrl' is for the browser channels (ALIPAY_WAP, ALIPAY_PC, UPI_SEQ, "
                    + "WX_JSAPI); " + channel + " does not send the payer's browser anywhere.");
        }
        if (returnUrl == null && channel == PayChannel.WX_JSAPI) {
            throw new InvalidRequest("The channel WX_JSAPI needs 'returnUrl': IOTPay sends WeChat's browser back there.");
        }
        if (returnUrl != null) {
            host(returnUrl); // its shape; the host is checked against the allow-list by PaymentMethods
        }
        if (productId != null && channel != PayChannel.WX_NATIVE) {
            throw new InvalidRequest("'productId' is for WX_NATIVE only.");
        }
        if (productId != null && !productId.matches("[A-Za-z0-9_-]{1,32}")) {
            throw new InvalidRequest("'productId' is 1 to 32 letters, digits, '_' or '-'.");
        }
    }

    /** The method for an app that names only a channel (the SDK and QR channels need nothing else). */
    public static PaymentMethod of(PayChannel channel) {
        return new PaymentMethod(channel, null, null, null);
    }

    /** The host a return URL names: an absolute http(s) URL of at most 200 characters, without user info. */
    static String host(String returnUrl) {
        String refusal = "'returnUrl' must be an absolute http or https URL of at most " + MAX_RETURN_URL
                + " characters, on a host in orders.return-url-hosts.";
        if (returnUrl.length() > MAX_RETURN_URL || returnUrl.chars().anyMatch(c -> c <= ' ' || c == 0x7F)) {
            throw new InvalidRequest(refusal);
        }
        try {
            URI uri = new URI(returnUrl);
            String scheme = uri.getScheme();
            if (!("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme)) || uri.getHost() == null
                    || uri.getRawUserInfo() != null) {
                throw new InvalidRequest(refusal);
            }
            return uri.getHost();
        } catch (URISyntaxException e) {
            throw new InvalidRequest(refusal);
        }
    }
}
