package dev.iotpaymerchant.orders.control;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.iotpaymerchant.platform.values.InvalidRequest;
import dev.iotpaymerchant.platform.values.MinorUnits;

/**
 * Reads an amount written in major units ("19.99") into minor units (1999) with integer
 * arithmetic only: the IOTPay guide's {@code intval($amount * 100)} turns 19.99 into 1998.
 */
public final class MajorUnitAmount {

    /** ASCII digits, optionally a dot and one or two digits. Nothing else: no sign, exponent or spaces. */
    private static final Pattern FORMAT = Pattern.compile("([0-9]+)(?:\\.([0-9]{1,2}))?");
    /** More digits than this cannot be a real price and could overflow a long. */
    private static final int MAX_WHOLE_DIGITS = 13;

    private MajorUnitAmount() {
    }

    public static long toMinorUnits(String text, long maxMinorUnits) {
        if (text == null || text.isEmpty()) {
            throw new InvalidRequest("The parameter 'amount' is required, e.g. amount=19.99.");
        }
        Matcher matcher = FORMAT.matcher(text);
        if (!matcher.matches()) {
            throw new InvalidRequest("The amount must be written like 19.99: digits, optionally a dot "
                    + "and one or two decimals, with no sign, spaces or other characters.");
        }
        String whole = stripLeadingZeros(matcher.group(1));
        if (whole.length() > MAX_WHOLE_DIGITS) {
            throw tooLarge(maxMinorUnits);
        }
        String fraction = matcher.group(2) == null ? "00" : (matcher.group(2) + "0").substring(0, 2);
        long minor = Long.parseLong(whole) * 100 + Long.parseLong(fraction);
        return checked(minor, maxMinorUnits);
    }

    /** The limits every order amount obeys, whichever API it came through. */
    public static long checked(long minorUnits, long maxMinorUnits) {
        if (minorUnits <= 0) {
            throw new InvalidRequest("The amount must be more than zero.");
        }
        if (minorUnits > maxMinorUnits) {
            throw tooLarge(maxMinorUnits);
        }
        return minorUnits;
    }

    static InvalidRequest tooLarge(long maxMinorUnits) {
        return new InvalidRequest("The amount is larger than the most one order may carry ("
                + MinorUnits.format(maxMinorUnits) + ").");
    }

    private static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
