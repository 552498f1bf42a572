package dev.iotpaymerchant.checkouts.control;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.checkouts.entity.Checkout;
import dev.iotpaymerchant.checkouts.entity.CheckoutStatus;
import dev.iotpaymerchant.checkouts.entity.CheckoutTerms;
import dev.iotpaymerchant.events.control.Outbox;
import dev.iotpaymerchant.events.entity.EventType;
import dev.iotpaymerchant.orders.control.PaymentOrders;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.http.Jsons;
import dev.iotpaymerchant.platform.values.Money;
import dev.iotpaymerchant.platform.work.DueWork;
import dev.iotpaymerchant.platform.work.Lease;
import dev.iotpaymerchant.platform.work.WorkClock;

/**
 * Stores checkouts and moves them. A transition locks the checkout's attempts first and then the
 * checkout, the order in which a notification locks them, so the two never wait on each other in a
 * circle; each transition writes its event in its own transaction. A new attempt is made under the
 * checkout's lock, taken before any attempt's ({@link #lockedForAttempt}); cancelling and expiring
 * ({@link CheckoutClosing}) make sure they locked every attempt ({@link AttemptAppeared}).
 */
@Stateless
public class Checkouts {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    WorkClock workClock;

    @Inject
    PaymentOrders orders;

    @Inject
    Outbox outbox;

    /** A checkout and whether this request made it (false: the same reference and request made it before). */
    public record Created(Checkout checkout, boolean made) {
    }

    /**
     * Stores a new OPEN checkout. With a reference another checkout has, answers that one when it was
     * made with the same request, and refuses otherwise.
     */
    public Created create(NewCheckout request, Optional<String> createdBy) {
        String hash = request.hash();
        if (request.reference() != null) {
            Optional<Checkout> earlier = byReference(request.reference());
            if (earlier.isPresent()) {
                if (earlier.get().getTerms().requestHash().equals(hash)) {
                    return new Created(earlier.get(), false);
                }
                throw new CheckoutRefused(CheckoutRefused.Reason.REFERENCE_REUSED, earlier.get().getCheckoutId(), null);
            }
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        CheckoutTerms terms = new CheckoutTerms(request.subject(), request.body(), request.reference(),
                metadata(request), request.param1(), request.param2()).forPayer(request.payer(), hash);
        Checkout checkout = new Checkout(CheckoutNumbers.next(), new Money(request.amount(), request.currency()), terms,
                createdBy.orElse(null), now, now.plus(request.expiresIn()));
        em.persist(checkout);
        em.flush(); // a reference taken meanwhile fails here, inside this call
        return new Created(checkout, true);
    }

    public Optional<Checkout> find(String checkoutId) {
        if (!CheckoutNumbers.isWellFormed(checkoutId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(em.find(Checkout.class, checkoutId));
    }

    public Optional<Checkout> byReference(String reference) {
        return em.createQuery("select c from Checkout c where c.terms.reference = :reference", Checkout.class)
                .setParameter("reference", reference).getResultStream().findFirst();
    }

    public List<PaymentOrder> attempts(String checkoutId) {
        return orders.attempts(checkoutId);
    }

    /**
     * One try at cancelling an OPEN checkout and asking its unpaid attempts to close (after asking IOTPay,
     * as always); {@link CheckoutClosing#cancel} tries again when an attempt appeared.
     */
    public Checkout cancel(String checkoutId) {
        List<PaymentOrder> attempts = orders.lockedAttempts(checkoutId);
        Checkout checkout = locked(checkoutId).orElseThrow(() ->
                new CheckoutRefused(CheckoutRefused.Reason.NOT_FOUND, checkoutId, null));
        if (checkout.getStatus() == CheckoutStatus.OPEN) {
            requireEveryAttempt(checkoutId, attempts);
        }
        if (!checkout.cancel(OffsetDateTime.now(clock))) {
            throw new CheckoutRefused(CheckoutRefused.Reason.NOT_OPEN, checkoutId, checkout.getStatus().name());
        }
        orders.closeUnpaid(attempts);
        announce(EventType.CHECKOUT_CANCELLED, checkout, attempts, null);
        return checkout;
    }

    /**
     * One try at expiring checkout {@code checkoutId} if it is still OPEN and its time ran out at
     * {@code now} (the database's time); true when it did. {@link CheckoutClosing#expireIfDue} tries
     * again when an attempt appeared.
     */
    public boolean expireIfDue(String checkoutId, OffsetDateTime now) {
        List<PaymentOrder> attempts = orders.lockedAttempts(checkoutId);
        Optional<Checkout> checkout = locked(checkoutId);
        if (checkout.isEmpty() || !checkout.get().isDueToExpireAt(now)) {
            return false;
        }
        requireEveryAttempt(checkoutId, attempts);
        if (!checkout.get().expire(now)) {
            return false;
        }
        orders.closeUnpaid(attempts);
        announce(EventType.CHECKOUT_EXPIRED, checkout.get(), attempts, null);
        return true;
    }

    /**
     * Asks the unpaid attempts of a paid checkout to close (after asking IOTPay, as always). Runs after the
     * payment committed, and no attempt is made once it is PAID, so it sees every attempt without a re-check.
     */
    public void closeUnpaidAttempts(String checkoutId) {
        orders.closeUnpaid(orders.lockedAttempts(checkoutId));
    }

    /** The OPEN checkouts whose time ran out, oldest first. */
    /**
     * Up to {@code limit} OPEN checkouts whose time ran out by the database's time, under a lease
     * that covers expiring each. Nothing is moved: each expires under its row lock, so the lease
     * only bounds how long the run may go on.
     */
    public DueWork.Claim<String> dueToExpire(int limit, Duration each) {
        WorkClock.Reading reading = workClock.read(em);
        List<String> due = em.createQuery("select c.checkoutId from Checkout c where c.status = :open and c.expiresAt <= :now"
                        + " order by c.expiresAt", String.class)
                .setParameter("open", CheckoutStatus.OPEN).setParameter("now", reading.at())
                .setMaxResults(limit).getResultList();
        return new DueWork.Claim<>(due, Lease.covering(reading, due.size(), each));
    }

    /** Marks an overpaid checkout as dealt with by an operator; true when something waited. */
    public boolean resolveOverpaid(String checkoutId) {
        return locked(checkoutId).map(Checkout::resolveOverpaid).orElse(false);
    }

    /**
     * Locks checkout {@code checkoutId} for a new attempt that the caller stores in this transaction, and
     * returns when that attempt must close at the latest: the checkout's expiry. Refused (NOT_OPEN) unless
     * the checkout is OPEN and its time has not run out. The caller has locked no attempt yet, so taking the
     * checkout's lock first keeps the lock order; a closer waiting for it finds the new attempt once it
     * commits ({@link CheckoutClosing}).
     */
    public OffsetDateTime lockedForAttempt(String checkoutId) {
        Checkout checkout = locked(checkoutId).orElseThrow(() ->
                new CheckoutRefused(CheckoutRefused.Reason.NOT_FOUND, checkoutId, null));
        CheckoutStatus status = checkout.statusForAttemptAt(OffsetDateTime.now(clock));
        if (status != CheckoutStatus.OPEN) {
            throw new CheckoutRefused(CheckoutRefused.Reason.NOT_OPEN, checkoutId, status.name());
        }
        return checkout.getExpiresAt();
    }

    public Optional<Checkout> locked(String checkoutId) {
        if (!CheckoutNumbers.isWellFormed(checkoutId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(em.find(Checkout.class, checkoutId, LockModeType.PESSIMISTIC_WRITE));
    }

    /**
     * Writes a checkout event: the checkout as it is now, and the attempt concerned, if any. Public:
     * CheckoutWatcher calls it through the EJB proxy, which refuses any other method.
     */
    public void announce(EventType type, Checkout checkout, List<PaymentOrder> attempts, String mchOrderNo) {
        JsonObjectBuilder data = CheckoutView.builder(checkout, attempts);
        if (mchOrderNo == null) {
            data.addNull("mchOrderNo");
        } else {
            data.add("mchOrderNo", mchOrderNo);
        }
        // Events are keyed by order number; a checkout event without an attempt is keyed by the checkout.
        outbox.append(type, mchOrderNo == null ? checkout.getCheckoutId() : mchOrderNo, data.build());
    }

    /**
     * Under the checkout's lock: gives up (AttemptAppeared) when the checkout has an attempt that is not among
     * {@code lockedAttempts}, one made while this transaction waited for the checkout's lock. Attempts are
     * never deleted, so the same count means the same attempts.
     */
    private void requireEveryAttempt(String checkoutId, List<PaymentOrder> lockedAttempts) {
        if (orders.countAttempts(checkoutId) != lockedAttempts.size()) {
            throw new AttemptAppeared(checkoutId);
        }
    }

    private static String metadata(NewCheckout request) {
        var json = Jsons.object();
        request.metadata().forEach(json::add);
        return json.build().toString();
    }
}
