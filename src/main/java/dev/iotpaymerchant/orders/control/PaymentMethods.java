package dev.iotpaymerchant.orders.control;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.iotpay.control.IotPaySettings;
import dev.iotpaymerchant.iotpay.control.PayChannel;
import dev.iotpaymerchant.platform.values.InvalidRequest;

/**
 * Reads a payment method from a request under this node's rules: the channels it takes (ALIPAY_MOBILE
 * only with iotpay.alipay-sdk=true) and the hosts a payer's browser may be sent back to
 * (orders.return-url-hosts). Never an open redirect: any other host is refused.
 */
@ApplicationScoped
public class PaymentMethods {

    static final String CHANNELS = "WX_APP, UPI_APP, ALIPAY_WAP, ALIPAY_PC, UPI_SEQ, WX_JSAPI, WX_NATIVE, ALIPAY_QR or UPI_QR";

    @Inject
    OrderSettings settings;

    @Inject
    IotPaySettings iotpay;

    PaymentMethods() {
        // for CDI
    }

    /** Without a container (the unit tests). */
    public PaymentMethods(OrderSettings settings, IotPaySettings iotpay) {
        this.settings = settings;
        this.iotpay = iotpay;
    }

    /**
     * The method a request asks for; {@code parameter} is the channel's name in that request
     * (channelId, channelid), for the problem's wording.
     */
    public PaymentMethod read(String parameter, String channelId, String osType, String returnUrl, String productId) {
        PaymentMethod method = new PaymentMethod(channel(parameter, channelId), osType, returnUrl, productId);
        if (returnUrl != null
                && !settings.returnUrlHosts().contains(PaymentMethod.host(returnUrl).toLowerCase(Locale.ROOT))) {
            throw new InvalidRequest(settings.returnUrlHosts().isEmpty()
                    ? "This backend takes no 'returnUrl': orders.return-url-hosts is empty."
                    : "The host of 'returnUrl' is not one the payer may be sent back to (orders.return-url-hosts).");
        }
        return method;
    }

    /** The channel a request names, when this node takes it. */
    public PayChannel channel(String parameter, String id) {
        if (id == null || id.isEmpty()) {
            throw new InvalidRequest("The parameter '" + parameter + "' is required: " + CHANNELS + ".");
        }
        PayChannel channel = PayChannel.of(id).orElseThrow(() -> new InvalidRequest(
                "Unknown channel '" + id + "' in '" + parameter + "': one of " + CHANNELS
                        + ". Offline channels (*_MICROPAY) are not taken."));
        if (channel == PayChannel.ALIPAY_MOBILE && !iotpay.alipaySdk()) {
            throw new InvalidRequest("ALIPAY_MOBILE (the Alipay app SDK) is no longer offered by IOTPay since "
                    + "2026-03-10: use ALIPAY_WAP (Alipay in the app's web view, with osType) instead.");
        }
        return channel;
    }
}
