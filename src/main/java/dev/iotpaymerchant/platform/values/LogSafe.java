package dev.iotpaymerchant.platform.values;

/** Makes untrusted text safe for a log line: no line breaks or control characters, bounded length. */
public final class LogSafe {

    private static final int MAX = 200;

    private LogSafe() {
    }

    public static String text(String untrusted) {
        if (untrusted == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(untrusted.length(), MAX));
        for (int i = 0; i < untrusted.length() && out.length() < MAX; i++) {
            char c = untrusted.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        if (untrusted.length() > MAX) {
            out.append('…');
        }
        return out.toString();
    }
}
