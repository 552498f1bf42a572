package dev.iotpaymerchant.events.entity;

/**
 * The channel an order was paid through, as the events tell it: the same names as IOTPay's
 * ({@code channelId} in the events' JSON), in a type of the events' own, so an application's
 * observers depend on the events alone and not on the class that speaks IOTPay's protocol.
 */
public enum Channel {
    /** WeChat Pay through the WeChat app SDK. */
    WX_APP,
    /** UnionPay through UnionPay's app SDK. */
    UPI_APP,
    /** Alipay in an app's web view or a phone browser. */
    ALIPAY_WAP,
    /** Alipay's web page in a desktop browser. */
    ALIPAY_PC,
    /** UnionPay online (secure pay) in a browser. */
    UPI_SEQ,
    /** WeChat Pay inside WeChat's own browser. */
    WX_JSAPI,
    /** A WeChat Pay QR code the payer scans. */
    WX_NATIVE,
    /** An Alipay QR code the payer scans. */
    ALIPAY_QR,
    /** A UnionPay QR code the payer scans. */
    UPI_QR,
    /** Alipay through the Alipay app SDK (ended by IOTPay on 2026-03-10; only for contracts that still have it). */
    ALIPAY_MOBILE
}
