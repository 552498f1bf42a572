package dev.iotpaymerchant.checkouts.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.platform.values.Money;

class CheckoutTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 12, 2, 10, 0, 0, 0, ZoneOffset.UTC);

    private static Checkout open(String payer) {
        return new Checkout("COabcdefghijklmnopqrst", new Money(1999, "CAD"),
                new CheckoutTerms("Kettle", "Blue", "ref-1", "{}", null, null).forPayer(payer, "hash"), "shop", NOW,
                NOW.plusMinutes(30));
    }

    @Test
    void theFirstPaidAttemptPaysItAndEveryOtherIsExtra() {
        Checkout checkout = open(null);
        assertEquals(Checkout.Payment.PAID_IT, checkout.paidBy("MO1", NOW));
        assertEquals(CheckoutStatus.PAID, checkout.getStatus());
        assertEquals("MO1", checkout.getPaidOrderNo());
        assertEquals(Checkout.Payment.ALREADY, checkout.paidBy("MO1", NOW), "told twice of one payment");
        assertEquals(0, checkout.getExtraPayments());
        assertEquals(Checkout.Payment.EXTRA, checkout.paidBy("MO2", NOW));
        assertEquals(1, checkout.getExtraPayments());
        assertEquals("MO1", checkout.getPaidOrderNo(), "a second payment never takes the checkout over");
        assertTrue(checkout.resolveOverpaid());
        assertFalse(checkout.resolveOverpaid(), "resolved once");
    }

    @Test
    void aClosedCheckoutsPaymentIsExtraMoneyNeverAPaidCheckout() {
        Checkout cancelled = open(null);
        assertTrue(cancelled.cancel(NOW));
        assertFalse(cancelled.cancel(NOW), "only an OPEN checkout is cancelled");
        assertEquals(Checkout.Payment.EXTRA, cancelled.paidBy("MO1", NOW));
        assertEquals(CheckoutStatus.CANCELLED, cancelled.getStatus());

        Checkout expired = open(null);
        assertFalse(expired.expire(NOW.plusMinutes(29)), "not before its time");
        assertTrue(expired.expire(NOW.plusMinutes(30)));
        assertEquals(CheckoutStatus.EXPIRED, expired.getStatus());
        assertEquals(Checkout.Payment.EXTRA, expired.paidBy("MO1", NOW));
        assertFalse(expired.cancel(NOW));
    }

    @Test
    void aCheckoutWhoseTimeRanOutTakesNoAttemptEvenBeforeTheExpiryTimerRecordedIt() {
        Checkout checkout = open(null);
        assertEquals(CheckoutStatus.OPEN, checkout.statusForAttemptAt(NOW.plusMinutes(29)));
        assertEquals(CheckoutStatus.EXPIRED, checkout.statusForAttemptAt(NOW.plusMinutes(30)));
        assertEquals(CheckoutStatus.OPEN, checkout.getStatus(), "recorded by the expiry timer, not by this question");
        assertTrue(checkout.cancel(NOW));
        assertEquals(CheckoutStatus.CANCELLED, checkout.statusForAttemptAt(NOW.plusMinutes(31)));
    }

    @Test
    void aNamedPayerIsTheOnlyOneWhoMayPayIt() {
        assertTrue(open("pat").mayBePaidBy("pat"));
        assertFalse(open("pat").mayBePaidBy("eve"));
        assertTrue(open(null).mayBePaidBy("anyone"));
    }

    @Test
    void aCheckoutHasAPrice() {
        assertThrows(IllegalArgumentException.class, () -> new Checkout("COabcdefghijklmnopqrst", new Money(0, "CAD"),
                new CheckoutTerms("x", "y", null, "{}", null, null), null, NOW, NOW));
    }
}
