package dev.iotpaymerchant.platform.values;

/**
 * The one check for a text a caller sends that is stored and passed on (to IOTPay, into events):
 * present when required, not blank then, within its column's length, and without control characters
 * such as line breaks. Anything else is an {@link InvalidRequest}.
 */
public final class TextField {

    private TextField() {
    }

    public static void check(String name, String value, int maxLength, boolean required) {
        if (value == null) {
            if (required) {
                throw new InvalidRequest("The field '" + name + "' is required.");
            }
            return;
        }
        if (required && value.isBlank()) {
            throw new InvalidRequest("The field '" + name + "' must not be blank.");
        }
        if (value.length() > maxLength) {
            throw new InvalidRequest("The field '" + name + "' is limited to " + maxLength + " characters.");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequest("The field '" + name + "' must not contain control characters such as line breaks.");
        }
    }
}
