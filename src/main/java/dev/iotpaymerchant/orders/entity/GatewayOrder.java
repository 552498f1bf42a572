package dev.iotpaymerchant.orders.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import dev.iotpaymerchant.iotpay.control.PayChannel;
import dev.iotpaymerchant.platform.values.StoredText;

/**
 * An order as IOTPay and the wallet know it: the channel (the wallet) it is paid through,
 * IOTPay's payOrderId, and the wallet's own number for the payment. The first payOrderId IOTPay
 * gives is kept, so a later report with another one contradicts it.
 */
@Embeddable
public class GatewayOrder {

    @Enumerated(EnumType.STRING)
    @Column(name = "channel", length = 24, nullable = false, updatable = false)
    private PayChannel channel;

    @Column(name = "pay_order_id", length = 64)
    private String payOrderId;

    @Column(name = "channel_order_no", length = 64)
    private String channelOrderNo;

    /** What the payer does to pay (IOTPay's answer to create_order, as JSON), or null before it answered. */
    @Column(name = "next_action", length = StoredText.UNBOUNDED)
    private String nextAction;

    protected GatewayOrder() {
        // for JPA
    }

    GatewayOrder(PayChannel channel) {
        this.channel = channel;
    }

    /** IOTPay named the order {@code id}: kept unless it had named it before. */
    void named(String id) {
        if (payOrderId == null && id != null && !id.isEmpty()) {
            payOrderId = StoredText.of(id, 64);
        }
    }

    /**
     * IOTPay accepted the order: its number, and what the payer does next, whatever its length (IOTPay's
     * answer is read up to 64 KB), so that every read of the unpaid order can say it.
     */
    void accepted(String id, String next) {
        named(id);
        if (nextAction == null && next != null) {
            nextAction = next;
        }
    }

    /** The order was paid: IOTPay's and the wallet's numbers for the payment, as far as they are given. */
    void paid(String id, String channelNumber) {
        named(id);
        if (channelNumber != null && !channelNumber.isEmpty()) {
            channelOrderNo = StoredText.of(channelNumber, 64);
        }
    }

    /** True when {@code reported} is another payOrderId than the one IOTPay gave the order; none contradicts nothing. */
    boolean contradictedBy(String reported) {
        return payOrderId != null && reported != null && !payOrderId.equals(reported);
    }

    public PayChannel channel() {
        return channel;
    }

    public String payOrderId() {
        return payOrderId;
    }

    public String channelOrderNo() {
        return channelOrderNo;
    }

    /** What the payer does to pay, as JSON text; empty before IOTPay accepted the order. */
    public java.util.Optional<String> nextAction() {
        return java.util.Optional.ofNullable(nextAction);
    }
}
