package dev.iotpaymerchant.sandbox;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * A refund as the sandbox gateway holds it, with XxPay's refund status (1 refunding, 2 success).
 * A late one is taken but not applied yet: the refund query does not know it (0112) and it holds
 * none of the payment until it is applied.
 */
final class SandboxRefund {

    static final int REFUNDING = 1;
    static final int SUCCEEDED = 2;

    final String mchRefundNo;
    final String refundOrderId;
    final String payOrderId;
    final long amount;
    private int status;
    private long succeededAt;
    private final long settlesAt;
    private boolean applied = true;

    SandboxRefund(String mchRefundNo, String refundOrderId, String payOrderId, long amount, long now, long settleAfterMillis) {
        this.mchRefundNo = mchRefundNo;
        this.refundOrderId = refundOrderId;
        this.payOrderId = payOrderId;
        this.amount = amount;
        this.settlesAt = now + settleAfterMillis;
        this.status = settleAfterMillis > 0 ? REFUNDING : SUCCEEDED;
        this.succeededAt = status == SUCCEEDED ? now : 0;
    }

    /** IOTPay took it but applies it later: until {@link #apply}, its query answers "no such refund". */
    synchronized void late() {
        applied = false;
    }

    /** IOTPay applies a late refund now: the query knows it, and a success dates from now. */
    synchronized boolean apply(long now) {
        if (applied) {
            return false;
        }
        applied = true;
        if (status == SUCCEEDED) {
            succeededAt = now;
        }
        return true;
    }

    synchronized boolean isApplied() {
        return applied;
    }

    /** A refund still under way succeeds once its time has come. */
    synchronized int status(long now) {
        if (status == REFUNDING && now >= settlesAt) {
            status = SUCCEEDED;
            succeededAt = now;
        }
        return status;
    }

    /** Done now, whenever it was due to finish. */
    synchronized void complete(long now) {
        if (status == REFUNDING) {
            status = SUCCEEDED;
            succeededAt = now;
        }
    }

    synchronized JsonObjectBuilder answer(long now) {
        int current = status(now);
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("refundOrderId", refundOrderId)
                .add("mchRefundNo", mchRefundNo)
                .add("payOrderId", payOrderId)
                .add("refundAmount", amount)
                .add("status", current);
        if (succeededAt > 0) {
            json.add("refundSuccTime", succeededAt);
        }
        return json;
    }

    /** As the refund query answers it, and whether it is applied (false: taken LATE, not applied yet). */
    JsonObject toJson() {
        return answer(System.currentTimeMillis()).add("applied", isApplied()).build();
    }
}
