package dev.iotpaymerchant.orders.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import dev.iotpaymerchant.platform.values.StoredText;

/**
 * A payment as IOTPay reported it for one of our orders (in a signed notification or an answer to
 * query_order), before anyone has decided it is the order's: {@link PaymentOrder#match} does. Its
 * currency is IOTPay's text as received, possibly missing and not necessarily ISO 4217, so it is no
 * {@code Money}. An order in NEEDS_REVIEW keeps the one that contradicted it.
 */
@Embeddable
public class ReportedPayment {

    @Column(name = "reported_pay_order_id", length = 64)
    private String payOrderId;

    /** Minor units of {@link #currency}. */
    @Column(name = "reported_amount")
    private Long amount;

    @Column(name = "reported_currency", length = 16)
    private String currency;

    protected ReportedPayment() {
        // for JPA
    }

    public ReportedPayment(String payOrderId, long amount, String currency) {
        this.payOrderId = payOrderId;
        this.amount = amount;
        this.currency = currency;
    }

    /** This report as it can be stored: IOTPay's texts cut to their columns, control characters as '?'. */
    ReportedPayment stored() {
        ReportedPayment stored = new ReportedPayment();
        stored.payOrderId = StoredText.of(payOrderId, 64);
        stored.amount = amount;
        stored.currency = StoredText.of(currency, 16);
        return stored;
    }

    public String payOrderId() {
        return payOrderId;
    }

    public Long amount() {
        return amount;
    }

    public String currency() {
        return currency;
    }
}
