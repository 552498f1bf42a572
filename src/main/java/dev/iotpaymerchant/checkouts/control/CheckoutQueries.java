package dev.iotpaymerchant.checkouts.control;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import dev.iotpaymerchant.checkouts.entity.Checkout;
import dev.iotpaymerchant.checkouts.entity.CheckoutStatus;
import dev.iotpaymerchant.platform.http.PageCursor;

/**
 * Lists checkouts newest first, a page at a time, by keyset on (createdAt, checkoutId), as orders
 * are listed: a client paging sees no checkout twice and misses none it started with.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class CheckoutQueries {

    public static final int MAX_LIMIT = 100;
    private static final String OVERPAID = "from Checkout c where c.extraPayments > 0 and c.overpaidResolved = false";

    @PersistenceContext
    EntityManager em;

    /** One page, and the cursor of the next one if there may be more. */
    public record Page(List<Checkout> checkouts, Optional<String> next) {
    }

    public Page list(Optional<String> reference, Optional<CheckoutStatus> status, int limit, Optional<Cursor> after) {
        StringBuilder jpql = new StringBuilder("select c from Checkout c where 1 = 1");
        reference.ifPresent(ref -> jpql.append(" and c.terms.reference = :reference"));
        status.ifPresent(s -> jpql.append(" and c.status = :status"));
        after.ifPresent(cursor -> jpql.append(" and (c.createdAt < :afterTime or (c.createdAt = :afterTime and c.checkoutId < :afterId))"));
        jpql.append(" order by c.createdAt desc, c.checkoutId desc");
        TypedQuery<Checkout> query = em.createQuery(jpql.toString(), Checkout.class);
        reference.ifPresent(ref -> query.setParameter("reference", ref));
        status.ifPresent(s -> query.setParameter("status", s));
        after.ifPresent(cursor -> query.setParameter("afterTime", cursor.createdAt()).setParameter("afterId", cursor.checkoutId()));
        List<Checkout> rows = query.setMaxResults(limit + 1).getResultList();
        if (rows.size() <= limit) {
            return new Page(rows, Optional.empty());
        }
        List<Checkout> page = rows.subList(0, limit);
        Checkout last = page.get(limit - 1);
        return new Page(List.copyOf(page), Optional.of(new Cursor(last.getCreatedAt(), last.getCheckoutId()).encode()));
    }

    /** The checkouts with payments they did not need that no operator has dealt with yet, newest first. */
    public List<Checkout> overpaid(int limit) {
        return em.createQuery("select c " + OVERPAID + " order by c.createdAt desc, c.checkoutId desc", Checkout.class)
                .setMaxResults(limit).getResultList();
    }

    /** How many checkouts {@link #overpaid(int)} would list without a limit. */
    public long countOverpaid() {
        return em.createQuery("select count(c) " + OVERPAID, Long.class).getSingleResult();
    }

    /** Where a page ended ({@link PageCursor}, keyed by the checkout's id). */
    public record Cursor(OffsetDateTime createdAt, String checkoutId) {

        String encode() {
            return new PageCursor(createdAt, checkoutId).encode();
        }

        /** Empty when {@code text} is not a cursor this API gave out. */
        public static Optional<Cursor> decode(String text) {
            return PageCursor.decode(text, CheckoutNumbers::isWellFormed)
                    .map(cursor -> new Cursor(cursor.createdAt(), cursor.key()));
        }
    }
}
