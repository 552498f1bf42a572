package dev.iotpaymerchant.platform.values;

import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * An amount of money: whole minor units of an ISO 4217 currency (1999 CAD is 19.99 dollars), never
 * a floating-point number. Immutable. Stored in the {@code amount} and {@code currency} columns,
 * the names every table with an amount uses.
 */
@Embeddable
public class Money {

    @Column(name = "amount", nullable = false, updatable = false)
    private long minorUnits;

    @Column(name = "currency", length = 3, nullable = false, updatable = false)
    private String currency;

    protected Money() {
        // for JPA
    }

    public Money(long minorUnits, String currency) {
        this.minorUnits = minorUnits;
        this.currency = Objects.requireNonNull(currency, "a currency");
    }

    public long minorUnits() {
        return minorUnits;
    }

    public String currency() {
        return currency;
    }

    /** True when {@code minorUnits} of {@code currency} (as received, possibly null) is exactly this amount. */
    public boolean is(long minorUnits, String currency) {
        return this.minorUnits == minorUnits && this.currency.equals(currency);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Money money && is(money.minorUnits, money.currency);
    }

    @Override
    public int hashCode() {
        return Objects.hash(minorUnits, currency);
    }

    /** For logs and tests: "1999 CAD" (minor units); texts for people use {@code MinorUnits.format}. */
    @Override
    public String toString() {
        return minorUnits + " " + currency;
    }
}
