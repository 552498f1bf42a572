package dev.iotpaymerchant.orders.control;

import dev.iotpaymerchant.platform.control.ProblemException;

/** The limits every order amount obeys, whichever API it came through. */
public final class MinorUnits {

    private MinorUnits() {
    }

    public static long checked(long minorUnits, long maxMinorUnits) {
        if (minorUnits <= 0) {
            throw ProblemException.badRequest("The amount must be more than zero.");
        }
        if (minorUnits > maxMinorUnits) {
            throw MajorUnitAmount.tooLarge(maxMinorUnits);
        }
        return minorUnits;
    }

    /** 1999 → "19.99", for messages. */
    public static String format(long minorUnits) {
        return (minorUnits / 100) + "." + String.format("%02d", minorUnits % 100);
    }
}
