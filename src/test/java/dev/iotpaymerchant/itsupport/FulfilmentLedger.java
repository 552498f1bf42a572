package dev.iotpaymerchant.itsupport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import dev.iotpaymerchant.orders.entity.PaymentAfterClose;
import dev.iotpaymerchant.orders.entity.PaymentSucceeded;

/** Test-only merchant code: counts fulfilments the way a shop would observe them, after commit. */
@ApplicationScoped
public class FulfilmentLedger {

    private final Map<String, AtomicInteger> succeeded = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> afterClose = new ConcurrentHashMap<>();

    void onPaid(@Observes(during = TransactionPhase.AFTER_SUCCESS) PaymentSucceeded event) {
        succeeded.computeIfAbsent(event.mchOrderNo(), k -> new AtomicInteger()).incrementAndGet();
    }

    void onPaidAfterClose(@Observes(during = TransactionPhase.AFTER_SUCCESS) PaymentAfterClose event) {
        afterClose.computeIfAbsent(event.mchOrderNo(), k -> new AtomicInteger()).incrementAndGet();
    }

    public int succeeded(String mchOrderNo) {
        AtomicInteger count = succeeded.get(mchOrderNo);
        return count == null ? 0 : count.get();
    }

    public int afterClose(String mchOrderNo) {
        AtomicInteger count = afterClose.get(mchOrderNo);
        return count == null ? 0 : count.get();
    }
}
