package dev.iotpaymerchant.it;

import java.util.UUID;

/**
 * The texts of {@link ContractRequests}: exactly as long as asked, full of what JSON, URLs and forms
 * escape and of four-byte UTF-8, never ending in half a character.
 */
final class LargestTexts {

    /** What JSON escapes, four-byte and CJK characters, and markup; the control characters only where allowed. */
    private static final String RICH = "\"\\\uD83D\uDE00</script>&=%+\u4e2d\u00e9\uD83D\uDCB3'";
    private static final String CONTROLS = "\u0000\u0001\n\t\r\u001f\u007f";

    private LargestTexts() {
    }

    /** {@code length} visible ASCII characters, unique, with quotes, backslashes and what URLs and forms escape. */
    static String visibleAscii(int length, String start) {
        String text = start + "-" + UUID.randomUUID() + "\"\\{}<>&=%+#?/'`";
        while (text.length() < length) {
            text += (char) ('!' + text.length() % 94);
        }
        return text.substring(0, length);
    }

    /** {@code length} UTF-16 units of what JSON escapes and four-byte characters; the last {@code plain} are letters. */
    static String rich(int length, boolean controls, int plain) {
        String alphabet = controls ? RICH + CONTROLS : RICH;
        StringBuilder text = new StringBuilder();
        while (text.length() < length - plain) {
            text.append(alphabet);
        }
        text.setLength(length - plain);
        if (text.length() > 0 && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
            text.setCharAt(text.length() - 1, 'x'); // never half a character
        }
        while (text.length() < length) {
            text.append((char) ('a' + text.length() % 26));
        }
        return text.toString();
    }

    /** A URL of exactly {@code length} characters on {@code host}, its path full of escaped four-byte UTF-8 and quotes. */
    static String url(String host, int length) {
        StringBuilder url = new StringBuilder("https://" + host + "/paid?q=");
        while (url.length() + 12 <= length) {
            url.append(url.length() % 3 == 0 ? "%22%5C%0A%20" : "%F0%9F%98%80");
        }
        while (url.length() < length) {
            url.append('x');
        }
        return url.toString();
    }
}
