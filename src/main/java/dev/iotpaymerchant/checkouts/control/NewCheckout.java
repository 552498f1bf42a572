package dev.iotpaymerchant.checkouts.control;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import dev.iotpaymerchant.idempotency.control.IdempotencyKeys;
import dev.iotpaymerchant.orders.control.NewOrder;
import dev.iotpaymerchant.platform.values.InvalidRequest;
import dev.iotpaymerchant.platform.values.TextField;

/**
 * A checkout as the merchant's server asks for it, checked: what it sells, at what price, for how
 * long, for whom, and the merchant's own reference and keys.
 *
 * @param amount minor units of {@code currency}, already within orders.max-amount
 * @param payer  the token subject allowed to pay it; null: anyone who knows it
 */
public record NewCheckout(long amount, String currency, String subject, String body, String reference, String payer,
                          Duration expiresIn, Map<String, String> metadata, String param1, String param2) {

    public static final int MAX_METADATA_KEYS = 20;
    public static final int MAX_METADATA_KEY = 40;
    public static final int MAX_METADATA_VALUE = 500;

    public NewCheckout {
        metadata = Map.copyOf(metadata);
        TextField.check("subject", subject, 64, true);
        TextField.check("body", body, 255, true);
        TextField.check("param1", param1, 64, false);
        TextField.check("param2", param2, 64, false);
        TextField.check("payer", payer, 255, false);
        if (payer != null && payer.isBlank()) {
            throw new InvalidRequest("The payer is a token subject: not blank.");
        }
        if (!NewOrder.CURRENCIES.contains(currency)) {
            throw new InvalidRequest("The currency must be one IOTPay takes: CAD, USD or CNY.");
        }
        if (reference != null && !reference.matches("[\\x21-\\x7E]{1,64}")) {
            throw new InvalidRequest("The reference is the merchant's own order id: 1 to 64 visible ASCII characters.");
        }
        if (metadata.size() > MAX_METADATA_KEYS) {
            throw new InvalidRequest("At most " + MAX_METADATA_KEYS + " metadata keys may be given.");
        }
        metadata.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > MAX_METADATA_KEY || key.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidRequest("A metadata key is 1 to " + MAX_METADATA_KEY + " characters, without control characters.");
            }
            if (value.length() > MAX_METADATA_VALUE) {
                throw new InvalidRequest("A metadata value is at most " + MAX_METADATA_VALUE + " characters.");
            }
        });
    }

    /** What the request means, field by field: the same checkout asked for twice gives the same hash. */
    public String hash() {
        StringBuilder meaning = new StringBuilder(String.join("\u0000", Long.toString(amount), currency, subject, body,
                String.valueOf(reference), String.valueOf(payer), Long.toString(expiresIn.toSeconds()),
                String.valueOf(param1), String.valueOf(param2)));
        new TreeMap<>(metadata).forEach((key, value) -> meaning.append('\u0000').append(key).append('=').append(value));
        return IdempotencyKeys.hash(meaning.toString());
    }
}
