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

    /**
     * True only when {@code parameters} carries a well-formed {@code sign} that matches all the
     * other parameters. Compares in constant time, hex case-insensitively.
     */
    public static boolean verify(Map<String, String> parameters, String key, Set<String> excluded) {
        String received = parameters.get(SIGN);
        if (received == null || !WELL_FORMED.matcher(received).matches()) {
            return false;
        }
        String expected = sign(parameters, key, excluded);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                received.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
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
