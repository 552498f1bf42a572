package dev.iotpaymerchant.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

/** An order as the sandbox gateway holds it, with IOTPay's numeric status (docs/iotpay-protocol.md, Order status). */
final class SandboxOrder {

    static final int CREATED = 0;
    static final int PAID = 2;
    static final int NOTIFIED = 3;
    static final int CANCELLED = 4;

    final Map<String, String> request;
    final String payOrderId;
    final long amount;
    private int status = CREATED;
    private String channelOrderNo;
    private long paySuccTime;
    private boolean loseNotifications;
    /** What the payer actually paid, when a test makes it differ from the order (IOTPay reports it). */
    private long paidAmount;
    private final List<JsonObject> deliveries = new ArrayList<>();
    private final List<SandboxRefund> refunds = new ArrayList<>();

    SandboxOrder(Map<String, String> request, String payOrderId) {
        this.request = Map.copyOf(request);
        this.payOrderId = payOrderId;
        this.amount = Long.parseLong(request.get("amount"));
        this.paidAmount = amount;
    }

    synchronized long paidAmount() {
        return paidAmount;
    }

    String mchOrderNo() {
        return request.get("mchOrderNo");
    }

    String channelId() {
        return request.get("channelId");
    }

    /** Where the payer's browser goes back after paying on the wallet page; empty when the merchant gave none. */
    String returnUrl() {
        return request.getOrDefault("returnUrl", "");
    }

    synchronized int status() {
        return status;
    }

    /** The payer pays: returns false when the order cannot be paid (cancelled) or already was. */
    synchronized boolean pay(String walletOrderNo, long now, long paid) {
        if (status != CREATED) {
            return false;
        }
        status = PAID;
        paidAmount = paid;
        channelOrderNo = walletOrderNo;
        paySuccTime = now;
        return true;
    }

    synchronized boolean cancel() {
        if (status != CREATED) {
            return false;
        }
        status = CANCELLED;
        return true;
    }

    synchronized void acknowledged() {
        if (status == PAID) {
            status = NOTIFIED;
        }
    }

    synchronized String channelOrderNo() {
        return channelOrderNo;
    }

    synchronized long paySuccTime() {
        return paySuccTime;
    }

    synchronized void loseNotifications() {
        loseNotifications = true;
    }

    synchronized boolean losesNotifications() {
        return loseNotifications;
    }

    synchronized void delivered(int attempt, int httpStatus, String answer) {
        deliveries.add(Json.createObjectBuilder()
                .add("attempt", attempt)
                .add("at", Instant.now().toString())
                .add("httpStatus", httpStatus)
                .add("answer", answer.length() > 200 ? answer.substring(0, 200) : answer)
                .build());
    }

    synchronized void refunded(SandboxRefund refund) {
        refunds.add(refund);
    }

    synchronized JsonObject toJson() {
        JsonArrayBuilder attempts = Json.createArrayBuilder();
        deliveries.forEach(attempts::add);
        JsonArrayBuilder refundList = Json.createArrayBuilder();
        refunds.forEach(refund -> refundList.add(refund.toJson()));
        return Json.createObjectBuilder()
                .add("mchOrderNo", mchOrderNo())
                .add("payOrderId", payOrderId)
                .add("channelId", request.get("channelId"))
                .add("amount", amount)
                .add("currency", request.get("currency"))
                .add("status", status)
                .add("paidAmount", status == PAID || status == NOTIFIED ? paidAmount : 0)
                .add("subject", request.getOrDefault("subject", ""))
                .add("notifications", attempts)
                .add("refunds", refundList)
                .build();
    }
}
