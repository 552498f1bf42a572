package dev.iotpaymerchant.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gateway side of IOTPay's signature, written the way XxPay's server does it (docs/iotpay-protocol.md,
 * Signing: sort whole {@code name=value&} entries case-insensitively). Deliberately
 * independent of the backend's signer, so a mistake in one is caught by the other in every test.
 */
final class XxPaySignature {

    private XxPaySignature() {
    }

    static String sign(Map<String, String> parameters, String key, Set<String> excluded) {
        List<String> entries = new ArrayList<>();
        for (Map.Entry<String, String> entry : parameters.entrySet()) {
            String value = entry.getValue();
            if (value != null && !value.isEmpty() && !"sign".equals(entry.getKey()) && !excluded.contains(entry.getKey())) {
                entries.add(entry.getKey() + "=" + value + "&");
            }
        }
        entries.sort(String.CASE_INSENSITIVE_ORDER);
        String text = String.join("", entries) + "key=" + key;
        try {
            return HexFormat.of().withUpperCase().formatHex(
                    MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean verify(Map<String, String> parameters, String key) {
        String received = parameters.get("sign");
        return received != null && sign(parameters, key, Set.of()).equalsIgnoreCase(received);
    }
}
