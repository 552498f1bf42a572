package dev.iotpaymerchant.iotpay.control;

import jakarta.json.JsonValue;

/** What IOTPay said to create_order, in our terms. */
public sealed interface CreateOutcome {

    /**
     * Both retCode and resCode were SUCCESS: IOTPay holds the order and the wallet can pay it, once
     * the payer does {@code nextAction}. {@code payOrderId} is null only for WX_JSAPI, whose answer
     * may not name it; {@code payParams} is IOTPay's, for the apps that read it where it always was.
     */
    record Accepted(String payOrderId, JsonValue payParams, NextAction nextAction, String responseBody)
            implements CreateOutcome {
    }

    /** IOTPay said no (retCode=FAIL or resCode=FAIL): nothing was created there. */
    record Rejected(String code, String message) implements CreateOutcome {
    }

    /** No trustworthy answer: the order may or may not exist at IOTPay; only query_order can tell. */
    record Unknown(String reason) implements CreateOutcome {
    }
}
