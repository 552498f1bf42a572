package dev.iotpaymerchant.iotpay.control;

import jakarta.json.JsonObject;

/**
 * IOTPay's answer once {@link IotPayClient} has read its envelope (HTTP status, size, JSON, retCode,
 * signature, resCode), before {@link IotPayOutcomes} says what it means for the call that was made.
 *
 * @param object     the answer's JSON (SUCCESS and REJECTED), else null
 * @param body       the answer as received (SUCCESS and REJECTED), else null
 * @param code       IOTPay's errCode when resCode was FAIL, else null
 * @param message    retMsg (retCode FAIL) or errCodeDes (resCode FAIL), else null
 * @param reason     why there is no usable answer (UNKNOWN), in words for an operator, else null
 * @param httpStatus the HTTP status, or 0 when none is known (no answer, or one given up on)
 */
record GatewayAnswer(Kind kind, JsonObject object, String body, String code, String message, String reason,
                     int httpStatus) {

    /** Both codes SUCCESS; IOTPay refused (retCode or resCode FAIL); or no usable answer. */
    enum Kind { SUCCESS, REJECTED, UNKNOWN }

    static GatewayAnswer unknown(String reason) {
        return new GatewayAnswer(Kind.UNKNOWN, null, null, null, null, reason, 0);
    }

    static GatewayAnswer rejected(JsonObject object, String body, String code, String message) {
        return new GatewayAnswer(Kind.REJECTED, object, body, code, message, null, 200);
    }
}
