package dev.iotpaymerchant.iotpay.control;

import java.util.Arrays;
import java.util.Optional;

/** The in-app channels this backend takes, named as IOTPay names them. */
public enum PayChannel {
    /** WeChat Pay through the WeChat app SDK. */
    WX_APP,
    /** Alipay through the Alipay SDK; IOTPay announced this SDK route is being retired. */
    ALIPAY_MOBILE;

    public static Optional<PayChannel> of(String id) {
        return Arrays.stream(values()).filter(channel -> channel.name().equals(id)).findFirst();
    }
}
