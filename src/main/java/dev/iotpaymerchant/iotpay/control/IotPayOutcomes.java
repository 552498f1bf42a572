package dev.iotpaymerchant.iotpay.control;

import static dev.iotpaymerchant.iotpay.control.AnswerFields.epochMillis;
import static dev.iotpaymerchant.iotpay.control.AnswerFields.integer;
import static dev.iotpaymerchant.iotpay.control.AnswerFields.string;

import java.time.OffsetDateTime;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import dev.iotpaymerchant.platform.values.LogSafe;

/**
 * What IOTPay's answers mean, in our own outcome types: an order created (with what the payer does
 * next), an order found, a refund made or found; refused; or unknown, when nobody should guess
 * (docs/iotpay-protocol.md). Pure: it reads a {@link GatewayAnswer} that {@link IotPayClient} has
 * received and checked, and speaks neither HTTP nor CDI.
 */
final class IotPayOutcomes {

    /** errCode "merchant order id not exist": no such order, and (our assumption) no such refund. */
    private static final String ORDER_NOT_FOUND = "0112";

    private IotPayOutcomes() {
    }

    static CreateOutcome toCreateOutcome(GatewayAnswer answer, PayChannel channel) {
        return switch (answer.kind()) {
            case UNKNOWN -> new CreateOutcome.Unknown(answer.reason());
            case REJECTED -> new CreateOutcome.Rejected(answer.code(), answer.message());
            case SUCCESS -> {
                String payOrderId = string(answer.object(), "payOrderId");
                if (payOrderId == null) {
                    // payForSubmit's page lists no payOrderId; the order is still ours to follow by its number.
                    yield channel == PayChannel.WX_JSAPI ? accepted(answer, channel, null)
                            : new CreateOutcome.Unknown("IOTPay accepted the order but sent no payOrderId");
                }
                yield accepted(answer, channel, payOrderId);
            }
        };
    }

    /** IOTPay accepted: what the payer does next must be in the answer, or the order cannot be paid. */
    private static CreateOutcome accepted(GatewayAnswer answer, PayChannel channel, String payOrderId) {
        NextAction next;
        try {
            next = NextActions.nextAction(answer.object(), channel);
        } catch (RuntimeException e) {
            next = null;
        }
        if (next == null) {
            return new CreateOutcome.Unknown("IOTPay accepted the order but its answer has no "
                    + NextActions.nextActionField(channel));
        }
        return new CreateOutcome.Accepted(payOrderId, answer.object().getOrDefault("payParams", JsonValue.NULL), next,
                answer.body());
    }

    static QueryOutcome toQueryOutcome(GatewayAnswer answer) {
        return switch (answer.kind()) {
            case UNKNOWN -> new QueryOutcome.Unknown(answer.reason());
            case REJECTED -> ORDER_NOT_FOUND.equals(answer.code())
                    ? new QueryOutcome.NotFound()
                    : new QueryOutcome.Rejected(answer.code(), answer.message());
            case SUCCESS -> found(answer.object());
        };
    }

    /** query_order's order, flat at the top level; a status outside IOTPay's list is no usable answer. */
    private static QueryOutcome found(JsonObject order) {
        try {
            QueryOutcome.GatewayState state = QueryOutcome.GatewayState.of(integer(order, "status").intValueExact());
            JsonNumber amount = integer(order, "amount");
            OffsetDateTime paidAt = epochMillis(order, "paySuccTime");
            return new QueryOutcome.Found(state, string(order, "payOrderId"), string(order, "channelOrderNo"),
                    amount == null ? -1 : amount.longValueExact(), string(order, "currency"), paidAt);
        } catch (RuntimeException e) {
            return new QueryOutcome.Unknown("IOTPay's order answer is malformed (" + LogSafe.text(e.getMessage()) + ")");
        }
    }

    /**
     * IOTPay's answer to a refund ({@code query} false: refund_order; true: the refund query). Read:
     * retCode and resCode (SUCCESS or FAIL), then, when both are SUCCESS, {@code status} (XxPay's
     * refund status: 0 or 1 under way, 2 or 4 succeeded, 3 failed; absent from refund_order's answer
     * means succeeded, as IOTPay's sample client assumes; absent from a query answer means unknown),
     * {@code refundOrderId} and {@code refundSuccTime}. A query answered FAIL (other than "no such
     * refund") is unknown, never a failed refund.
     */
    static RefundOutcome toRefundOutcome(GatewayAnswer answer, boolean query) {
        return switch (answer.kind()) {
            case UNKNOWN -> query && answer.httpStatus() == 404
                    ? new RefundOutcome.QueryUnavailable("the refund query answered HTTP 404")
                    : new RefundOutcome.Unknown(answer.reason());
            case REJECTED -> {
                if (!query) {
                    yield new RefundOutcome.Rejected(answer.code(), answer.message());
                }
                // A query that fails (busy, a signature problem) says nothing about the refund itself.
                yield ORDER_NOT_FOUND.equals(answer.code()) ? new RefundOutcome.NotFound()
                        : new RefundOutcome.Unknown("IOTPay's refund query failed: " + LogSafe.text(answer.code()) + " "
                                + LogSafe.text(answer.message()));
            }
            case SUCCESS -> refund(answer.object(), query);
        };
    }

    private static RefundOutcome refund(JsonObject answer, boolean query) {
        try {
            JsonNumber status = integer(answer, "status");
            if (status == null && query) {
                return new RefundOutcome.Unknown("IOTPay's refund query answer has no status");
            }
            RefundOutcome.RefundState state = status == null ? RefundOutcome.RefundState.SUCCEEDED
                    : switch (status.intValueExact()) {
                        case 0, 1 -> RefundOutcome.RefundState.PROCESSING;
                        case 2, 4 -> RefundOutcome.RefundState.SUCCEEDED;
                        case 3 -> RefundOutcome.RefundState.FAILED;
                        default -> throw new IllegalArgumentException("unknown refund status " + status);
                    };
            return new RefundOutcome.Known(string(answer, "refundOrderId"), state, epochMillis(answer, "refundSuccTime"));
        } catch (RuntimeException e) {
            return new RefundOutcome.Unknown("IOTPay's refund answer is malformed (" + LogSafe.text(e.getMessage()) + ")");
        }
    }
}
