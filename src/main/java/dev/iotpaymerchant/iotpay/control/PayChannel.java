package dev.iotpaymerchant.iotpay.control;

import java.util.Arrays;
import java.util.Optional;

/**
 * IOTPay's online channels this backend takes, named as IOTPay names them, with how the payer
 * reaches the wallet (docs/iotpay-protocol.md, Channels). Offline channels (*_MICROPAY, POS) are
 * out of scope.
 */
public enum PayChannel {
    /** WeChat Pay through the WeChat app SDK. */
    WX_APP(Kind.SDK),
    /** UnionPay through UnionPay's app SDK. */
    UPI_APP(Kind.SDK),
    /** Alipay in an app's web view or a phone browser (the route IOTPay gives apps since 2026-03-10). */
    ALIPAY_WAP(Kind.REDIRECT),
    /** Alipay's web page in a desktop browser. */
    ALIPAY_PC(Kind.REDIRECT),
    /** UnionPay online (secure pay) in a browser. */
    UPI_SEQ(Kind.REDIRECT),
    /** WeChat Pay inside WeChat's own browser, through IOTPay's /payForSubmit. */
    WX_JSAPI(Kind.REDIRECT),
    /** A WeChat Pay QR code the payer scans. */
    WX_NATIVE(Kind.QR),
    /** An Alipay QR code the payer scans. */
    ALIPAY_QR(Kind.QR),
    /** A UnionPay QR code the payer scans. */
    UPI_QR(Kind.QR),
    /** Alipay through the Alipay app SDK: IOTPay ended it on 2026-03-10; only for contracts that still have it. */
    ALIPAY_MOBILE(Kind.SDK);

    /** How the payer reaches the wallet: an SDK in the app, a web page, or a QR code to scan. */
    public enum Kind { SDK, REDIRECT, QR }

    private final Kind kind;

    PayChannel(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** IOTPay's endpoint for creating an order in this channel. */
    public String createPath() {
        return this == WX_JSAPI ? "/payForSubmit" : "/create_order";
    }

    public static Optional<PayChannel> of(String id) {
        return Arrays.stream(values()).filter(channel -> channel.name().equals(id)).findFirst();
    }
}
