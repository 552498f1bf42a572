package dev.iotpaymerchant.checkouts.control;

import java.time.OffsetDateTime;
import java.util.function.Supplier;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import dev.iotpaymerchant.checkouts.entity.Checkout;

/**
 * Cancels and expires checkouts so that none of their attempts stays payable. A try ({@link Checkouts})
 * locks the attempts it sees, then the checkout, as a notification locks them. An attempt is only made
 * under the checkout's lock, so one made while the try waited for that lock has committed by the time
 * the try gets it, and the try has not locked it: locking it now would take the locks in the opposite
 * order and could deadlock with its payment. The try gives up instead ({@link AttemptAppeared}, rolled
 * back) and the next one locks it with the others. Each try is a transaction of its own.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CheckoutClosing {

    /**
     * Each retry needs another attempt stored in the moment between a try's two reads, and a closed
     * checkout takes none: ten in a row would take a storm of attempts on one checkout. Then nothing
     * changed, the caller hears of an error, and the expiry timer tries again on its next run.
     */
    static final int TRIES = 10;

    @Inject
    Checkouts checkouts;

    /** Cancels an OPEN checkout and asks every unpaid attempt of it to close; refused (CheckoutRefused) otherwise. */
    public Checkout cancel(String checkoutId) {
        return untilEveryAttemptIsLocked(checkoutId, () -> checkouts.cancel(checkoutId));
    }

    /** Expires checkout {@code checkoutId} if it is OPEN and its time ran out at {@code now} (the database's time); true when it did. */
    public boolean expireIfDue(String checkoutId, OffsetDateTime now) {
        return untilEveryAttemptIsLocked(checkoutId, () -> checkouts.expireIfDue(checkoutId, now));
    }

    private static <T> T untilEveryAttemptIsLocked(String checkoutId, Supplier<T> oneTry) {
        for (int attempt = 1; ; attempt++) {
            try {
                return oneTry.get(); // committed when it returns
            } catch (AttemptAppeared appeared) {
                if (attempt == TRIES) {
                    throw new IllegalStateException("checkout " + checkoutId + " got new attempts during " + TRIES
                            + " tries to close it; nothing changed, try again", appeared);
                }
            }
        }
    }
}
