package dev.iotpaymerchant.iotpay.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * IOTPay's MD5 signature (docs/iotpay-protocol.md, Signing), the only implementation in the project: drop
 * {@code sign}, the excluded names and empty values (null or ""), sort by name, join
 * {@code name=value} with '&', append {@code &key=<merchant key>}, MD5 over UTF-8, upper-case hex.
 * Requests are signed with one key; what IOTPay sends may be verified against the current key and,
 * during a rotation, the previous one ({@link #verify(Map, String, String, Set)}).
 */
public final class IotPaySigner {

    public static final String SIGN = "sign";
    /** Responses are signed without their wallet payload (inferred from XxPay). */
    public static final Set<String> RESPONSE_EXCLUSIONS = Set.of("payParams");

    private static final Pattern WELL_FORMED = Pattern.compile("[0-9A-Fa-f]{32}");

    private IotPaySigner() {
    }

    public static String sign(Map<String, String> parameters, String key) {
        return sign(parameters, key, Set.of());
    }

    public static String sign(Map<String, String> parameters, String key, Set<String> excluded) {
        return md5UpperHex(stringToSign(parameters, key, excluded));
    }

    /** Which merchant key a message from IOTPay is signed with. */
    public enum SignedWith {
        CURRENT, PREVIOUS, NEITHER;

        public boolean verified() {
            return this != NEITHER;
        }
    }

    /**
     * True only when {@code parameters} carries a well-formed {@code sign} that matches all the
     * other parameters. Compares in constant time, hex case-insensitively.
     */
    public static boolean verify(Map<String, String> parameters, String key, Set<String> excluded) {
        return verify(parameters, key, null, excluded).verified();
    }

    /**
     * Which key {@code parameters}' {@code sign} was made with: the current key, else the previous
     * one (null when there is none), else neither. Both signatures are computed and compared, in
     * constant time, whatever the first comparison says, so the time taken does not tell which
     * key matched.
     */
    public static SignedWith verify(Map<String, String> parameters, String current, String previous, Set<String> excluded) {
        String received = parameters.get(SIGN);
        if (received == null || !WELL_FORMED.matcher(received).matches()) {
            return SignedWith.NEITHER;
        }
        byte[] given = received.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        boolean withCurrent = MessageDigest.isEqual(sign(parameters, current, excluded).getBytes(StandardCharsets.US_ASCII), given);
        boolean withPrevious = previous != null
                && MessageDigest.isEqual(sign(parameters, previous, excluded).getBytes(StandardCharsets.US_ASCII), given);
        return withCurrent ? SignedWith.CURRENT : withPrevious ? SignedWith.PREVIOUS : SignedWith.NEITHER;
    }

    /** The exact text that is hashed; package-visible for the known-answer tests. */
    static String stringToSign(Map<String, String> parameters, String key, Set<String> excluded) {
        SortedMap<String, String> signed = new TreeMap<>();
        parameters.forEach((name, value) -> {
            if (value != null && !value.isEmpty() && !SIGN.equals(name) && !excluded.contains(name)) {
                signed.put(name, value);
            }
        });
        StringBuilder text = new StringBuilder();
        signed.forEach((name, value) -> text.append(name).append('=').append(value).append('&'));
        return text.append("key=").append(key).toString();
    }

    private static String md5UpperHex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every Java platform", e);
        }
    }
}
