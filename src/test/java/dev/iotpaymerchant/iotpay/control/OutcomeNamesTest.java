package dev.iotpaymerchant.iotpay.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

/**
 * The {@code outcome} tag of the {@code iotpay_calls} metric for every outcome (dashboards and alerts
 * read these words), and create_order's log words, with IOTPay's text cleaned of control characters.
 */
class OutcomeNamesTest {

    @Test
    void ordersAreAcceptedRejectedNotFoundOrUnknown() {
        assertEquals("accepted", OutcomeNames.orderTag(
                new CreateOutcome.Accepted("P1", JsonValue.NULL, new NextAction.Qr("weixin://x"), "{}")));
        assertEquals("accepted", OutcomeNames.orderTag(
                new QueryOutcome.Found(QueryOutcome.GatewayState.OPEN, "P1", null, 1, "CAD", null)));
        assertEquals("rejected", OutcomeNames.orderTag(new CreateOutcome.Rejected("0014", "parameter error")));
        assertEquals("rejected", OutcomeNames.orderTag(new QueryOutcome.Rejected("0010", "system error")));
        assertEquals("not_found", OutcomeNames.orderTag(new QueryOutcome.NotFound()));
        assertEquals("unknown", OutcomeNames.orderTag(new CreateOutcome.Unknown("late")));
        assertEquals("unknown", OutcomeNames.orderTag(new QueryOutcome.Unknown("late")));
    }

    @Test
    void refundsAreAcceptedRejectedNotFoundUnavailableOrUnknown() {
        assertEquals("accepted", OutcomeNames.refundTag(
                new RefundOutcome.Known("R1", RefundOutcome.RefundState.FAILED, null)));
        assertEquals("rejected", OutcomeNames.refundTag(new RefundOutcome.Rejected("0014", "parameter error")));
        assertEquals("not_found", OutcomeNames.refundTag(new RefundOutcome.NotFound()));
        assertEquals("unavailable", OutcomeNames.refundTag(new RefundOutcome.QueryUnavailable("HTTP 404")));
        assertEquals("unknown", OutcomeNames.refundTag(new RefundOutcome.Unknown("late")));
    }

    @Test
    void createOrdersLogWordsNameTheOrderOrWhyNot() {
        assertEquals("accepted as P1", OutcomeNames.describe(
                new CreateOutcome.Accepted("P1", JsonValue.NULL, new NextAction.Qr("weixin://x"), "{}")));
        assertEquals("rejected (0014: bad?line)",
                OutcomeNames.describe(new CreateOutcome.Rejected("0014", "bad\nline")));
        assertEquals("unknown (IOTPay answered HTTP 500)",
                OutcomeNames.describe(new CreateOutcome.Unknown("IOTPay answered HTTP 500")));
    }
}
