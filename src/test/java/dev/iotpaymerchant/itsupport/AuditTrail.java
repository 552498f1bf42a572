package dev.iotpaymerchant.itsupport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.iotpaymerchant.events.entity.PaymentEvent;

/** Test-only second observer of every event: shows that a failing observer does not starve the others. */
@ApplicationScoped
public class AuditTrail {

    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

    @Inject
    DeliveryWitness witness;

    void onEvent(@Observes PaymentEvent event) {
        witness.around("onEvent", event, () -> count(event));
    }

    private void count(PaymentEvent event) {
        seen.computeIfAbsent(event.mchOrderNo() + "/" + event.type().wireName(), k -> new AtomicInteger()).incrementAndGet();
    }

    public int seen(String mchOrderNo, String type) {
        AtomicInteger count = seen.get(mchOrderNo + "/" + type);
        return count == null ? 0 : count.get();
    }
}
