package dev.iotpaymerchant.platform.values;

import java.math.BigDecimal;
import java.util.Currency;

/** How a person reads an amount in minor units. */
public final class MinorUnits {

    /** For a currency Java does not know (or a pseudo-currency without minor units): cents. */
    private static final int UNKNOWN_CURRENCY_DIGITS = 2;

    private MinorUnits() {
    }

    /** 1999 → "19.99", for messages about limits that have no currency of their own. */
    public static String format(long minorUnits) {
        return BigDecimal.valueOf(minorUnits, UNKNOWN_CURRENCY_DIGITS).toPlainString();
    }

    /**
     * An amount as every text a person reads shows it (reasons, the review queue, the console, problem
     * details): major units with the currency's own number of decimals, then the currency. 801 CAD →
     * "8.01 CAD", 500 JPY → "500 JPY", 1234 KWD → "1.234 KWD"; a code Java does not know gets two
     * decimals. Exact (no floating point); the JSON keeps integer minor units. {@code currency} is
     * written as given: pass received text through {@code LogSafe} first.
     */
    public static String format(long minorUnits, String currency) {
        String major = BigDecimal.valueOf(minorUnits, fractionDigits(currency)).toPlainString();
        return currency == null ? major : major + " " + currency;
    }

    /** ISO 4217's minor-unit digits of {@code currency} (java.util.Currency), or 2 when it has none or is unknown. */
    static int fractionDigits(String currency) {
        if (currency == null) {
            return UNKNOWN_CURRENCY_DIGITS;
        }
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return digits < 0 ? UNKNOWN_CURRENCY_DIGITS : digits;
        } catch (IllegalArgumentException notIso4217) {
            return UNKNOWN_CURRENCY_DIGITS;
        }
    }
}
