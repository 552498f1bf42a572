package dev.iotpaymerchant.platform.values;

/**
 * Makes attacker-controlled text storable: control characters (NUL, CR, LF, …), which PostgreSQL
 * refuses or which would forge lines, become '?', and the text is cut to the column's length
 * without splitting a character in two.
 */
public final class StoredText {

    /**
     * The length the mapping of a column declares when the column keeps a copy of what a caller sent
     * (copied again into events and stored answers). The column itself has none: VARCHAR in the
     * migrations, unbounded on PostgreSQL, up to 1,000,000,000 characters on H2; the API's limits bound
     * the copy. This value limits nothing: it only keeps Hibernate mapping the column as a plain VARCHAR,
     * being below every dialect's largest VARCHAR.
     */
    public static final int UNBOUNDED = 1_048_576;

    private StoredText() {
    }

    public static String of(String text, int maxLength) {
        if (text == null) {
            return null;
        }
        StringBuilder clean = new StringBuilder(Math.min(text.length(), maxLength));
        for (int i = 0; i < text.length() && clean.length() < maxLength; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || (Character.isSurrogate(c) && !isPairAt(text, i))) {
                clean.append('?');
            } else if (Character.isHighSurrogate(c)) {
                if (clean.length() + 2 > maxLength) {
                    break;
                }
                clean.append(c).append(text.charAt(++i));
            } else {
                clean.append(c);
            }
        }
        return clean.toString();
    }

    private static boolean isPairAt(String text, int i) {
        return Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
    }
}
