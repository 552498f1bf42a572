package dev.iotpaymerchant.checkouts.entity;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.iotpaymerchant.platform.values.Money;

/**
 * What the merchant sells, at the price its own server set: the payer only pays it, through one or
 * more attempts (orders). The state machine lives here and the database enforces it (schema 13:
 * a PAID checkout names its order, only an OPEN one is unsettled); {@code version} makes every
 * write a compare-and-set, and every transition is made under the row lock.
 */
@Entity
@Table(name = "checkout")
public class Checkout {

    @Id
    @Column(name = "checkout_id", length = 32, nullable = false, updatable = false)
    private String checkoutId;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", length = 12, nullable = false)
    private CheckoutStatus status;

    @Embedded
    private Money amount;

    @Embedded
    private CheckoutTerms terms;

    @Column(name = "created_by", length = 255, updatable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt;

    @Column(name = "expires_at", nullable = false, updatable = false)
    private OffsetDateTime expiresAt;

    @Column(name = "settled_at")
    private OffsetDateTime settledAt;

    /** The attempt that paid it. */
    @Column(name = "paid_order_no", length = 30)
    private String paidOrderNo;

    /** Attempts paid besides the one that paid it (or after it closed unpaid): money to give back. */
    @Column(name = "extra_payments", nullable = false)
    private int extraPayments;

    @Column(name = "overpaid_resolved", nullable = false)
    private boolean overpaidResolved;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected Checkout() {
        // for JPA
    }

    public Checkout(String checkoutId, Money amount, CheckoutTerms terms, String createdBy, OffsetDateTime now,
                    OffsetDateTime expiresAt) {
        if (amount.minorUnits() <= 0) {
            throw new IllegalArgumentException("a checkout amount must be positive");
        }
        this.checkoutId = checkoutId;
        this.amount = amount;
        this.terms = terms;
        this.createdBy = createdBy;
        this.status = CheckoutStatus.OPEN;
        this.createdAt = utc(now);
        this.expiresAt = utc(expiresAt);
    }

    /** What an attempt's payment did to the checkout. */
    public enum Payment {
        /** This attempt paid the checkout. */
        PAID_IT,
        /** It was paid by this attempt before: nothing changed. */
        ALREADY,
        /** Another attempt paid it, or it had closed unpaid: the money is extra. */
        EXTRA
    }

    /** Attempt {@code mchOrderNo} was paid. The first one pays an OPEN checkout; any other is extra. */
    public Payment paidBy(String mchOrderNo, OffsetDateTime now) {
        if (status == CheckoutStatus.PAID && paidOrderNo.equals(mchOrderNo)) {
            return Payment.ALREADY;
        }
        if (status == CheckoutStatus.OPEN) {
            status = CheckoutStatus.PAID;
            paidOrderNo = mchOrderNo;
            settledAt = utc(now);
            return Payment.PAID_IT;
        }
        extraPayments++;
        overpaidResolved = false;
        return Payment.EXTRA;
    }

    /** True when it is OPEN and its time ran out at {@code now}. */
    public boolean isDueToExpireAt(OffsetDateTime now) {
        return status == CheckoutStatus.OPEN && !expiresAt.isAfter(now);
    }

    /**
     * Its status as a new attempt finds it at {@code now}: EXPIRED once its time ran out, even while the
     * expiry timer has not recorded that yet (it runs every few seconds, and not at all on a stopped node).
     */
    public CheckoutStatus statusForAttemptAt(OffsetDateTime now) {
        return isDueToExpireAt(now) ? CheckoutStatus.EXPIRED : status;
    }

    /** Closes an OPEN checkout whose time ran out; true when it moved. */
    public boolean expire(OffsetDateTime now) {
        if (!isDueToExpireAt(now)) {
            return false;
        }
        status = CheckoutStatus.EXPIRED;
        settledAt = utc(now);
        return true;
    }

    /** Cancels it if it is OPEN; true when it moved. */
    public boolean cancel(OffsetDateTime now) {
        if (status != CheckoutStatus.OPEN) {
            return false;
        }
        status = CheckoutStatus.CANCELLED;
        settledAt = utc(now);
        return true;
    }

    /** An operator dealt with its extra payments; true when something waited. */
    public boolean resolveOverpaid() {
        if (extraPayments == 0 || overpaidResolved) {
            return false;
        }
        overpaidResolved = true;
        return true;
    }

    /** Whether {@code subject} may see and pay it: anyone when no payer was named. */
    public boolean mayBePaidBy(String subject) {
        return terms.payer() == null || terms.payer().equals(subject);
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC);
    }

    public String getCheckoutId() {
        return checkoutId;
    }

    public CheckoutStatus getStatus() {
        return status;
    }

    public Money getAmount() {
        return amount;
    }

    public CheckoutTerms getTerms() {
        return terms;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    public OffsetDateTime getExpiresAt() {
        return expiresAt;
    }

    public OffsetDateTime getSettledAt() {
        return settledAt;
    }

    public String getPaidOrderNo() {
        return paidOrderNo;
    }

    public int getExtraPayments() {
        return extraPayments;
    }

    public boolean isOverpaidResolved() {
        return overpaidResolved;
    }
}
