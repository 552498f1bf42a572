package dev.iotpaymerchant.iotpay.control;

import dev.iotpaymerchant.platform.values.LogSafe;

/**
 * How an outcome of a call to IOTPay is named where operators read it: the {@code outcome} tag of
 * the {@code iotpay_calls} metric, and the words of the client's log line for create_order.
 */
final class OutcomeNames {

    private OutcomeNames() {
    }

    /** accepted, rejected, not_found or unknown: the metric's outcome tag for create_order and query_order. */
    static String orderTag(Object outcome) {
        if (outcome instanceof CreateOutcome.Accepted || outcome instanceof QueryOutcome.Found) {
            return "accepted";
        }
        if (outcome instanceof CreateOutcome.Rejected || outcome instanceof QueryOutcome.Rejected) {
            return "rejected";
        }
        return outcome instanceof QueryOutcome.NotFound ? "not_found" : "unknown";
    }

    /** accepted, rejected, not_found, unavailable or unknown: the metric's outcome tag for refunds. */
    static String refundTag(RefundOutcome outcome) {
        if (outcome instanceof RefundOutcome.Known) {
            return "accepted";
        }
        if (outcome instanceof RefundOutcome.Rejected) {
            return "rejected";
        }
        if (outcome instanceof RefundOutcome.NotFound) {
            return "not_found";
        }
        return outcome instanceof RefundOutcome.QueryUnavailable ? "unavailable" : "unknown";
    }

    /** create_order's outcome in the log: IOTPay's words are cut and cleaned, never logged raw. */
    static String describe(CreateOutcome outcome) {
        if (outcome instanceof CreateOutcome.Accepted accepted) {
            return "accepted as " + accepted.payOrderId();
        }
        if (outcome instanceof CreateOutcome.Rejected rejected) {
            return "rejected (" + LogSafe.text(rejected.code()) + ": " + LogSafe.text(rejected.message()) + ")";
        }
        return "unknown (" + ((CreateOutcome.Unknown) outcome).reason() + ")";
    }
}
