package dev.iotpaymerchant.orders.entity;

/** Whether a payment IOTPay reported is the one an order asked for ({@link PaymentOrder#match}), and if not, why. */
public enum PaymentMatch {
    /** The order's amount and currency, and no payOrderId other than the one IOTPay gave the order. */
    MATCHES,
    /** Another amount or currency than the order's. */
    OTHER_AMOUNT,
    /** Another payOrderId than the one IOTPay gave the order before. */
    OTHER_PAY_ORDER_ID;

    public boolean matches() {
        return this == MATCHES;
    }
}
