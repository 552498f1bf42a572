package dev.iotpaymerchant.platform.http.boundary;

/** The one rule for a list's {@code limit} parameter: 1 to the list's maximum, 20 when absent. */
public final class Paging {

    public static final int DEFAULT_LIMIT = 20;

    private Paging() {
    }

    public static int limit(String text, int max) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        if (!text.matches("[0-9]{1,3}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > max) {
            throw ProblemException.badRequest("The limit must be a whole number from 1 to " + max + ".");
        }
        return Integer.parseInt(text);
    }
}
