package dev.iotpaymerchant.iotpay.control;

import java.time.OffsetDateTime;

/** What IOTPay said to query_order, in our terms. */
public sealed interface QueryOutcome {

    /** IOTPay knows the order; {@code paidAt} is set when it reports a payment time. */
    record Found(GatewayState state, String payOrderId, String channelOrderNo, long amount, String currency,
                 OffsetDateTime paidAt) implements QueryOutcome {
    }

    /** IOTPay has no such order (errCode 0112): it was never created there. */
    record NotFound() implements QueryOutcome {
    }

    record Rejected(String code, String message) implements QueryOutcome {
    }

    record Unknown(String reason) implements QueryOutcome {
    }

    /** IOTPay's pay-order status (docs/iotpay-protocol.md, Order status), reduced to what a merchant acts on. */
    enum GatewayState {
        /** 0 created or 1 paying: wait. */
        OPEN,
        /** 2 paid or 3 paid and notified. */
        PAID,
        /** 4 cancelled by system, 9 by user, -1/-2 failed or expired: will never be paid. */
        CLOSED;

        static GatewayState of(int status) {
            return switch (status) {
                case 0, 1 -> OPEN;
                case 2, 3 -> PAID;
                case 4, 9, -1, -2 -> CLOSED;
                default -> throw new IllegalArgumentException("unknown IOTPay status " + status);
            };
        }
    }
}
