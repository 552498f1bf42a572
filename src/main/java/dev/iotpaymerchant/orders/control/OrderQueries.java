package dev.iotpaymerchant.orders.control;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import dev.iotpaymerchant.iotpay.control.PayChannel;
import dev.iotpaymerchant.orders.entity.OrderStatus;
import dev.iotpaymerchant.orders.entity.PaymentOrder;
import dev.iotpaymerchant.platform.http.PageCursor;

/**
 * Lists orders newest first, a page at a time, by keyset: a page ends with a cursor naming the
 * last order's (createdAt, id), and the next page starts strictly after it. Orders created while a
 * client pages are newer than its cursor, so it sees no order twice and misses none it started with.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class OrderQueries {

    public static final int MAX_LIMIT = 100;

    @PersistenceContext
    EntityManager em;

    /** The status of each of {@code numbers} that exists, in one query (the status long-polls). */
    public java.util.Map<String, OrderStatus> statuses(List<String> numbers) {
        java.util.Map<String, OrderStatus> statuses = new java.util.HashMap<>();
        em.createQuery("select o.mchOrderNo, o.status from PaymentOrder o where o.mchOrderNo in :numbers", Object[].class)
                .setParameter("numbers", numbers)
                .getResultList()
                .forEach(row -> statuses.put((String) row[0], (OrderStatus) row[1]));
        return statuses;
    }

    /** Which orders: {@code owner} empty means everyone's (operators only). */
    public record Filter(Optional<String> owner, Optional<OrderStatus> status, Optional<OffsetDateTime> from,
                         Optional<OffsetDateTime> to, Optional<PayChannel> channel, Optional<String> payOrderId) {
    }

    /** One page, and the cursor of the next one if there may be more. */
    public record Page(List<PaymentOrder> orders, Optional<String> next) {
    }

    public Page list(Filter filter, int limit, Optional<Cursor> after) {
        StringBuilder jpql = new StringBuilder("select o from PaymentOrder o where 1 = 1");
        filter.owner().ifPresent(owner -> jpql.append(" and o.owner = :owner"));
        filter.status().ifPresent(status -> jpql.append(" and o.status = :status"));
        filter.from().ifPresent(from -> jpql.append(" and o.createdAt >= :from"));
        filter.to().ifPresent(to -> jpql.append(" and o.createdAt < :to"));
        filter.channel().ifPresent(channel -> jpql.append(" and o.gateway.channel = :channel"));
        filter.payOrderId().ifPresent(payOrderId -> jpql.append(" and o.gateway.payOrderId = :payOrderId"));
        after.ifPresent(cursor -> jpql.append(" and (o.createdAt < :afterTime or (o.createdAt = :afterTime and o.id < :afterId))"));
        jpql.append(" order by o.createdAt desc, o.id desc");
        TypedQuery<PaymentOrder> query = em.createQuery(jpql.toString(), PaymentOrder.class);
        filter.owner().ifPresent(owner -> query.setParameter("owner", owner));
        filter.status().ifPresent(status -> query.setParameter("status", status));
        filter.from().ifPresent(from -> query.setParameter("from", from));
        filter.to().ifPresent(to -> query.setParameter("to", to));
        filter.channel().ifPresent(channel -> query.setParameter("channel", channel));
        filter.payOrderId().ifPresent(payOrderId -> query.setParameter("payOrderId", payOrderId));
        after.ifPresent(cursor -> query.setParameter("afterTime", cursor.createdAt()).setParameter("afterId", cursor.id()));
        List<PaymentOrder> rows = query.setMaxResults(limit + 1).getResultList();
        if (rows.size() <= limit) {
            return new Page(rows, Optional.empty());
        }
        List<PaymentOrder> page = rows.subList(0, limit);
        PaymentOrder last = page.get(limit - 1);
        return new Page(List.copyOf(page), Optional.of(new Cursor(last.getCreatedAt(), last.getId()).encode()));
    }

    /** Where a page ended ({@link PageCursor}, keyed by the order's id). */
    public record Cursor(OffsetDateTime createdAt, long id) {

        String encode() {
            return new PageCursor(createdAt, Long.toString(id)).encode();
        }

        /** Empty when {@code text} is not a cursor this API gave out. */
        public static Optional<Cursor> decode(String text) {
            return PageCursor.decode(text, Cursor::isId)
                    .map(cursor -> new Cursor(cursor.createdAt(), Long.parseLong(cursor.key())));
        }

        private static boolean isId(String key) {
            try {
                return Long.parseLong(key) >= 0;
            } catch (NumberFormatException notAnId) {
                return false;
            }
        }
    }
}
