package dev.iotpaymerchant.audit.control;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Checks a set of orders, their refunds and events, and the checkouts they are attempts at: reads
 * them in chunks ({@link BooksReader}) and applies {@link BooksRules}. What one reading finds is
 * read again before it counts, so that a transition committing between two of the reads (an order
 * paid after its events were read) is not reported: only what both readings find is.
 */
@ApplicationScoped
public class BooksCheck {

    @Inject
    BooksReader reader;

    /** The findings about these orders that two readings agree on. */
    public List<Finding> orders(Collection<String> numbers, OffsetDateTime overdueBefore) {
        List<Finding> first = readAndJudge(numbers, overdueBefore);
        if (first.isEmpty()) {
            return first;
        }
        Set<String> again = new TreeSet<>();
        first.forEach(finding -> again.add(finding.mchOrderNo()));
        Set<String> confirmed = new TreeSet<>();
        readAndJudge(again, overdueBefore).forEach(finding -> confirmed.add(key(finding)));
        return first.stream().filter(finding -> confirmed.contains(key(finding))).toList();
    }

    private List<Finding> readAndJudge(Collection<String> numbers, OffsetDateTime overdueBefore) {
        List<BooksRules.OrderRow> orders = reader.orders(numbers, overdueBefore);
        List<String> found = orders.stream().map(BooksRules.OrderRow::mchOrderNo).toList();
        Map<String, List<String>> events = new HashMap<>();
        for (String[] event : reader.paymentEvents(found)) {
            events.computeIfAbsent(event[0], k -> new ArrayList<>()).add(event[1]);
        }
        Map<String, List<BooksRules.RefundRow>> refunds = new HashMap<>();
        for (BooksRules.RefundRow refund : reader.refunds(found, overdueBefore)) {
            refunds.computeIfAbsent(refund.mchOrderNo(), k -> new ArrayList<>()).add(refund);
        }
        Map<String, Finding> findings = new LinkedHashMap<>();
        Map<String, String> paidAttemptOf = new LinkedHashMap<>();
        for (BooksRules.OrderRow order : orders) {
            BooksRules.order(order, events.getOrDefault(order.mchOrderNo(), List.of()),
                    refunds.getOrDefault(order.mchOrderNo(), List.of())).forEach(finding -> findings.putIfAbsent(key(finding), finding));
            if (order.checkoutId() != null) {
                paidAttemptOf.merge(order.checkoutId(), BooksRules.PAID.contains(order.status()) ? order.mchOrderNo() : "",
                        (a, b) -> a.isEmpty() ? b : a);
            }
        }
        checkouts(paidAttemptOf).forEach(finding -> findings.putIfAbsent(key(finding), finding));
        return new ArrayList<>(findings.values());
    }

    /** The checkouts these orders are attempts at, each with all its attempts; {@code paidAttemptOf}: one paid attempt or "". */
    private List<Finding> checkouts(Map<String, String> paidAttemptOf) {
        if (paidAttemptOf.isEmpty()) {
            return List.of();
        }
        Map<String, BooksRules.CheckoutRow> checkouts = new HashMap<>();
        reader.checkouts(paidAttemptOf.keySet()).forEach(checkout -> checkouts.put(checkout.checkoutId(), checkout));
        Map<String, List<BooksRules.Attempt>> attempts = new HashMap<>();
        for (Object[] attempt : reader.attempts(checkouts.keySet())) {
            attempts.computeIfAbsent((String) attempt[0], k -> new ArrayList<>()).add((BooksRules.Attempt) attempt[1]);
        }
        List<Finding> found = new ArrayList<>();
        paidAttemptOf.forEach((checkoutId, paidAttempt) -> {
            BooksRules.CheckoutRow checkout = checkouts.get(checkoutId);
            if (checkout == null) {
                if (!paidAttempt.isEmpty()) {
                    found.add(BooksRules.missingCheckout(checkoutId, paidAttempt));
                }
            } else {
                BooksRules.checkout(checkout, attempts.getOrDefault(checkoutId, List.of())).ifPresent(found::add);
            }
        });
        return found;
    }

    static String key(Finding finding) {
        return finding.invariant() + " " + finding.subject();
    }
}
