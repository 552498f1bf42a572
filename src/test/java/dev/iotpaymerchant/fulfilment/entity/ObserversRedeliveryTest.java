package dev.iotpaymerchant.fulfilment.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** An operator's redelivery to the CDI observers: only of a FAILED delivery, from now, without those that took the event. */
class ObserversRedeliveryTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 26, 12, 0, 0, 0, ZoneOffset.UTC);

    private static OutboxEvent failed() {
        OutboxEvent event = new OutboxEvent("evt_test", "payment.succeeded", "MOtest", "{}", NOW, true);
        event.observersClaimed("claim-1", NOW.plusMinutes(5));
        event.observersFailed("claim-1", Set.of("Audit#PaymentEvent"), "Ledger: down", Duration.ofSeconds(5), NOW);
        event.observersClaimed("claim-2", NOW.plusMinutes(6));
        event.observersFailed("claim-2", Set.of("Audit#PaymentEvent"), "Ledger: down", null, NOW.plusSeconds(5));
        assertEquals(DeliveryState.FAILED, event.getObserversState());
        return event;
    }

    @Test
    void aFailedDeliveryIsDueNowWithTheWholeScheduleAndKeepsTheObserversThatTookIt() {
        OutboxEvent event = failed();
        OffsetDateTime later = NOW.plusDays(2).withOffsetSameInstant(ZoneOffset.ofHours(-5));
        event.observersRedeliver(later);
        assertEquals(DeliveryState.PENDING, event.getObserversState());
        assertEquals(0, event.getObserversAttempts(), "attempts start again: the whole schedule");
        assertEquals(later.toInstant(), event.getObserversNextAt().toInstant(), "due now");
        assertEquals(Set.of("Audit#PaymentEvent"), event.observersDone(), "not called again");
        assertEquals(DeliveryState.PENDING, event.getWebhookState(), "the webhook is another destination");
    }

    @Test
    void onlyAFailedDeliveryIsRedelivered() {
        OutboxEvent pending = new OutboxEvent("evt_pending", "payment.succeeded", "MOtest", "{}", NOW, true);
        assertThrows(IllegalStateException.class, () -> pending.observersRedeliver(NOW));
        OutboxEvent delivered = new OutboxEvent("evt_delivered", "payment.succeeded", "MOtest", "{}", NOW, true);
        delivered.observersClaimed("claim", NOW.plusMinutes(5));
        delivered.observersDelivered("claim", Set.of("Audit#PaymentEvent"), NOW);
        assertThrows(IllegalStateException.class, () -> delivered.observersRedeliver(NOW));
        OutboxEvent again = failed();
        again.observersRedeliver(NOW);
        assertThrows(IllegalStateException.class, () -> again.observersRedeliver(NOW), "a second redelivery while PENDING");
    }
}
