package dev.iotpaymerchant.iotpay.control;

import java.time.OffsetDateTime;

/** What IOTPay said to refund_order or to the refund query, in our terms. */
public sealed interface RefundOutcome {

    /** Where IOTPay says a refund stands. */
    enum RefundState { PROCESSING, SUCCEEDED, FAILED }

    /** IOTPay answered SUCCESS: the refund exists there, in {@code state}. */
    record Known(String refundOrderId, RefundState state, OffsetDateTime succeededAt) implements RefundOutcome {
    }

    /** IOTPay said no (retCode or resCode FAIL): the refund was not made. */
    record Rejected(String code, String message) implements RefundOutcome {
    }

    /** The query: IOTPay has no such refund (0112). */
    record NotFound() implements RefundOutcome {
    }

    /** The query path answered HTTP 404: IOTPay offers no refund query there. */
    record QueryUnavailable(String reason) implements RefundOutcome {
    }

    /** No trustworthy answer: the refund may or may not exist at IOTPay. */
    record Unknown(String reason) implements RefundOutcome {
    }
}
