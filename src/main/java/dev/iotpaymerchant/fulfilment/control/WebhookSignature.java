package dev.iotpaymerchant.fulfilment.control;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature: {@code v1,} + base64(HMAC-SHA256(key, id + "." + timestamp +
 * "." + body)), where the key is the base64-decoded part of the {@code whsec_} secret. While a
 * secret is being rotated the header carries one signature per secret, separated by a space, as
 * Standard Webhooks allows; a receiver accepts the message when any of them verifies. The same
 * class verifies, in constant time, so the tests check what a receiver would check.
 */
public final class WebhookSignature {

    private static final String PREFIX = "whsec_";

    private WebhookSignature() {
    }

    /** The {@code webhook-signature} header value for one attempt. */
    public static String sign(byte[] key, String id, long timestampSeconds, String body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, id + "." + timestampSeconds + "." + body));
    }

    /** The {@code webhook-signature} header value signed with each key in turn: {@code v1,<first> v1,<second>}. */
    public static String sign(java.util.List<byte[]> keys, String id, long timestampSeconds, String body) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a webhook is signed with at least one key");
        }
        java.util.StringJoiner header = new java.util.StringJoiner(" ");
        for (byte[] key : keys) {
            header.add(sign(key, id, timestampSeconds, body));
        }
        return header.toString();
    }

    /** The HMAC key inside a {@code whsec_…} secret. */
    public static byte[] keyOf(String secret) {
        String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }

    /**
     * True when one of the space-separated signatures in {@code signatureHeader} is a valid
     * {@code v1} signature of this message. (Receivers should also refuse old timestamps.)
     */
    public static boolean verify(byte[] key, String id, long timestampSeconds, String body, String signatureHeader) {
        if (signatureHeader == null) {
            return false;
        }
        byte[] expected = sign(key, id, timestampSeconds, body).getBytes(StandardCharsets.US_ASCII);
        boolean valid = false;
        for (String candidate : signatureHeader.trim().split(" ")) {
            valid |= MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII));
        }
        return valid;
    }

    private static byte[] hmac(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}
