package dev.iotpaymerchant.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a sweep may ask IOTPay about: only a refund whose claim it still holds, one that is not due again by the
 * database's time. A refund that is due again may be claimed by another node's sweep, which would then ask about
 * it at the same time (#30, point 9: the refund sweep ignored its lease).
 */
final class ClaimWatch {

    private ClaimWatch() {
    }

    /** Why asking about {@code refundNo} at {@code now} (the database's time) is asking outside its claim; empty when it is not. */
    static Optional<String> refundAskedOutsideItsClaim(String refundNo, Instant now) {
        List<String> due = Books.column("SELECT EXTRACT(EPOCH FROM next_check_at) FROM refund WHERE refund_no = '"
                + refundNo.replace("'", "''") + "'");
        if (due.isEmpty() || due.get(0) == null) {
            return Optional.empty(); // not due for any sweep: nobody else may claim it
        }
        Instant dueAt = Instant.ofEpochMilli(new BigDecimal(due.get(0)).movePointRight(3).longValue());
        return dueAt.isAfter(now) ? Optional.empty()
                : Optional.of("the refund sweep asked IOTPay about refund " + refundNo + " at " + now
                        + ", when its claim had run out (due again since " + dueAt + "): another node's sweep may have been asking at the same time");
    }
}
