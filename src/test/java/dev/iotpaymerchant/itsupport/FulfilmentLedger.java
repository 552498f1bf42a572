package dev.iotpaymerchant.itsupport;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.iotpaymerchant.events.entity.PaymentAfterClose;
import dev.iotpaymerchant.events.entity.PaymentEvent;
import dev.iotpaymerchant.events.entity.PaymentNeedsReview;
import dev.iotpaymerchant.events.entity.PaymentSucceeded;

/**
 * Test-only merchant code, written the way docs/api.md tells shops to: an idempotent observer that
 * does its business effect once per event id, however often the event is delivered. A test can
 * make it throw for an order a number of times, as a flaky fulfilment system would, or hang until
 * the test releases it (at most {@link #MAX_HOLD_SECONDS} s), as a stuck one would.
 */
@ApplicationScoped
public class FulfilmentLedger {

    @Inject
    DeliveryWitness witness;

    /** Business effects: event ids done, per order and type. */
    private final Map<String, Set<String>> effects = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> receipts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> receiptCalls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> receiptFailuresLeft = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    /** Per held order: none (not called yet), waiting, released (by the test) or expired (nobody released it). */
    private final Map<String, String> holdStates = new ConcurrentHashMap<>();

    /** How long a hold lasts at most; shorter than any claim's lease, so the hold never causes a second delivery. */
    public static final long MAX_HOLD_SECONDS = 20;

    void onPaid(@Observes PaymentSucceeded event) {
        witness.around("onPaid", event, () -> handle("succeeded", event));
    }

    /**
     * A second observer method of the same event in the same bean, as a shop that ships and sends a
     * receipt would write: it is called, retried and recorded on its own.
     */
    void sendReceipt(@Observes PaymentSucceeded event) {
        witness.around("sendReceipt", event, () -> receipt(event));
    }

    private void receipt(PaymentSucceeded event) {
        receiptCalls.computeIfAbsent(event.mchOrderNo().value(), k -> new AtomicInteger()).incrementAndGet();
        AtomicInteger left = receiptFailuresLeft.get(event.mchOrderNo().value());
        if (left != null && left.getAndDecrement() > 0) {
            throw new IllegalStateException("the mail server is down (test)");
        }
        receipts.computeIfAbsent(event.mchOrderNo().value(), k -> ConcurrentHashMap.newKeySet()).add(event.eventId());
    }

    public void failReceipts(String mchOrderNo, int times) {
        receiptFailuresLeft.put(mchOrderNo, new AtomicInteger(times));
    }

    public int receipts(String mchOrderNo) {
        Set<String> sent = receipts.get(mchOrderNo);
        return sent == null ? 0 : sent.size();
    }

    public int receiptCalls(String mchOrderNo) {
        AtomicInteger count = receiptCalls.get(mchOrderNo);
        return count == null ? 0 : count.get();
    }

    void onPaidAfterClose(@Observes PaymentAfterClose event) {
        witness.around("onPaidAfterClose", event, () -> handle("afterClose", event));
    }

    void onNeedsReview(@Observes PaymentNeedsReview event) {
        witness.around("onNeedsReview", event, () -> handle("needsReview", event));
    }

    private void handle(String kind, PaymentEvent event) {
        calls.computeIfAbsent(event.mchOrderNo().value(), k -> new AtomicInteger()).incrementAndGet();
        CountDownLatch hold = holds.get(event.mchOrderNo().value());
        if (hold != null) {
            holdStates.put(event.mchOrderNo().value(), "waiting");
            boolean released;
            try {
                released = hold.await(MAX_HOLD_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                released = false;
            }
            holdStates.put(event.mchOrderNo().value(), released ? "released" : "expired");
        }
        AtomicInteger left = failuresLeft.get(event.mchOrderNo().value());
        if (left != null && left.getAndDecrement() > 0) {
            throw new IllegalStateException("the fulfilment system is down (test)");
        }
        effects.computeIfAbsent(event.mchOrderNo().value() + "/" + kind, k -> ConcurrentHashMap.newKeySet()).add(event.eventId());
    }

    /** The observers hang for this order's events until {@link #release}, or for {@value #MAX_HOLD_SECONDS} s. */
    public void hold(String mchOrderNo) {
        holdStates.put(mchOrderNo, "none");
        holds.put(mchOrderNo, new CountDownLatch(1));
    }

    public void release(String mchOrderNo) {
        CountDownLatch hold = holds.remove(mchOrderNo);
        if (hold != null) {
            hold.countDown();
        }
    }

    public String holdState(String mchOrderNo) {
        return holdStates.getOrDefault(mchOrderNo, "none");
    }

    public void failNext(String mchOrderNo, int times) {
        failuresLeft.put(mchOrderNo, new AtomicInteger(times));
    }

    public int effects(String mchOrderNo, String kind) {
        Set<String> done = effects.get(mchOrderNo + "/" + kind);
        return done == null ? 0 : done.size();
    }

    public int calls(String mchOrderNo) {
        AtomicInteger count = calls.get(mchOrderNo);
        return count == null ? 0 : count.get();
    }
}
