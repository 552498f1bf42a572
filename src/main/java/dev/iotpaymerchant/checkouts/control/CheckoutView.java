package dev.iotpaymerchant.checkouts.control;

import java.io.StringReader;
import java.util.List;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import dev.iotpaymerchant.checkouts.entity.Checkout;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.http.Jsons;
import dev.iotpaymerchant.platform.values.Instants;

/**
 * A checkout as the API shows it: whole (with its payment attempts) to the merchant, operators, events
 * and every caller with api.auth=none; {@link #forPayer} to a payer.
 */
public final class CheckoutView {

    private CheckoutView() {
    }

    public static JsonObject of(Checkout checkout, List<PaymentOrder> attempts) {
        return builder(checkout, attempts).build();
    }

    /**
     * What a payer needs to pay: the price, the title, the state, the deadline, and only its own
     * attempts. The reference, metadata, param1/param2 and body are the merchant's own data, and a
     * checkout with no named payer may have other payers' attempts.
     */
    public static JsonObject forPayer(Checkout checkout, List<PaymentOrder> attempts, String payer) {
        JsonArrayBuilder own = Jsons.array();
        attempts.stream().filter(attempt -> payer.equals(attempt.getOwner())).forEach(attempt -> own.add(payment(attempt)));
        return Jsons.object()
                .add("checkoutId", checkout.getCheckoutId())
                .add("status", checkout.getStatus().name())
                .add("amount", checkout.getAmount().minorUnits())
                .add("currency", checkout.getAmount().currency())
                .add("subject", checkout.getTerms().subject())
                .add("expiresAt", Instants.text(checkout.getExpiresAt()))
                .add("payments", own)
                .build();
    }

    public static JsonObjectBuilder builder(Checkout checkout, List<PaymentOrder> attempts) {
        JsonObjectBuilder json = Jsons.object()
                .add("checkoutId", checkout.getCheckoutId())
                .add("status", checkout.getStatus().name())
                .add("amount", checkout.getAmount().minorUnits())
                .add("currency", checkout.getAmount().currency())
                .add("subject", checkout.getTerms().subject())
                .add("body", checkout.getTerms().body());
        nullable(json, "reference", checkout.getTerms().reference());
        nullable(json, "payer", checkout.getTerms().payer());
        json.add("metadata", metadata(checkout));
        nullable(json, "param1", checkout.getTerms().param1());
        nullable(json, "param2", checkout.getTerms().param2());
        json.add("createdAt", Instants.text(checkout.getCreatedAt()))
                .add("expiresAt", Instants.text(checkout.getExpiresAt()));
        if (checkout.getSettledAt() != null) {
            json.add("settledAt", Instants.text(checkout.getSettledAt()));
        }
        JsonArrayBuilder payments = Jsons.array();
        JsonArrayBuilder extra = Jsons.array();
        for (PaymentOrder attempt : attempts) {
            payments.add(payment(attempt));
            if (attempt.getStatus().isPaid() && !attempt.getMchOrderNo().equals(checkout.getPaidOrderNo())) {
                extra.add(attempt.getMchOrderNo());
            }
        }
        json.add("payments", payments);
        if (checkout.getPaidOrderNo() != null) {
            json.add("paidOrder", checkout.getPaidOrderNo());
        }
        json.add("extraPayments", extra);
        return json;
    }

    private static JsonObjectBuilder payment(PaymentOrder attempt) {
        JsonObjectBuilder payment = Jsons.object().add("mchOrderNo", attempt.getMchOrderNo())
                .add("channelId", attempt.getChannel().name()).add("status", attempt.getStatus().name())
                .add("createdAt", Instants.text(attempt.getCreatedAt()));
        long refunded = attempt.refunds().refunded();
        if (refunded > 0) {
            payment.add("refundedAmount", refunded); // an extra payment given back shows here and on its order
        }
        return payment;
    }

    /** The merchant's metadata, as it gave it. */
    public static JsonObject metadata(Checkout checkout) {
        try (var reader = Jsons.reader(new StringReader(checkout.getTerms().metadata()))) {
            return reader.readObject();
        }
    }

    private static void nullable(JsonObjectBuilder json, String name, String value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }
}
