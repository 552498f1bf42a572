package dev.iotpaymerchant.fulfilment.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Only the run that holds an event's claim records an outcome: a run whose lease ran out changes nothing. */
class OutboxEventTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-12-01T10:00:00Z");

    private static OutboxEvent event(boolean webhook) {
        return new OutboxEvent("evt_1", "payment.succeeded", "M1", "{}", NOW, webhook);
    }

    @Test
    void anEventWrittenWithoutAWebhookIsSkippedForGoodAndNeverDueForOne() {
        OutboxEvent event = event(false);
        assertEquals(DeliveryState.SKIPPED, event.getWebhookState());
        assertNull(event.getWebhookNextAt());
        assertEquals(DeliveryState.PENDING, event.getObserversState(), "the observers still get it");
    }

    @Test
    void anEventWrittenWithAWebhookIsDueForOneAtOnce() {
        OutboxEvent event = event(true);
        assertEquals(DeliveryState.PENDING, event.getWebhookState());
        assertEquals(NOW.minus(OutboxEvent.WRITER_CLOCK_TOLERANCE), event.getWebhookNextAt(),
                "due already for a node whose clock is ahead of the database's");
    }

    @Test
    void aStaleRunsWebhookOutcomeIsNotRecorded() {
        OutboxEvent event = event(true);
        event.webhookClaimed("first", NOW.plusSeconds(25));
        event.webhookClaimed("second", NOW.plusSeconds(60)); // the first run's lease ran out; another run took it
        assertFalse(event.webhookFailed("first", "HTTP 500", Duration.ofSeconds(5), NOW.plusSeconds(30)));
        assertFalse(event.webhookDelivered("first", NOW.plusSeconds(30)));
        assertEquals(DeliveryState.PENDING, event.getWebhookState());
        assertEquals(2, event.getWebhookAttempts(), "the stale run's attempt number is not written over the newer one");
        assertEquals(NOW.plusSeconds(60), event.getWebhookNextAt(), "the current run's lease stands");

        assertTrue(event.webhookFailed("second", "HTTP 500", Duration.ofSeconds(300), NOW.plusSeconds(40)));
        assertEquals(NOW.plusSeconds(340), event.getWebhookNextAt(), "the next try is at the schedule's time");
        assertFalse(event.webhookDelivered("second", NOW.plusSeconds(41)), "a claim is used once");
    }

    @Test
    void aStaleRunsObserverOutcomeIsNotRecorded() {
        OutboxEvent event = event(false);
        event.observersClaimed("first", NOW.plusSeconds(40));
        event.observersClaimed("second", NOW.plusSeconds(90));
        assertFalse(event.observersDelivered("first", Set.of("a#ship()"), NOW.plusSeconds(50)));
        assertEquals(DeliveryState.PENDING, event.getObserversState());
        assertTrue(event.observersDone().isEmpty());
        assertTrue(event.observersDelivered("second", Set.of("a#ship()"), NOW.plusSeconds(60)));
        assertEquals(DeliveryState.DELIVERED, event.getObserversState());
    }

    @Test
    void aClaimGivenBackUntriedIsDueAgainAtOnceWithoutCountingAnAttempt() {
        OutboxEvent event = event(true);
        event.webhookClaimed("run", NOW.plusSeconds(250));
        assertTrue(event.webhookReleased("run", NOW.plusSeconds(1)));
        assertEquals(0, event.getWebhookAttempts());
        assertEquals(NOW.plusSeconds(1), event.getWebhookNextAt());
        assertFalse(event.webhookReleased("run", NOW.plusSeconds(2)), "given back once");

        event.observersClaimed("run", NOW.plusSeconds(250));
        assertTrue(event.observersReleased("run", NOW.plusSeconds(1)));
        assertEquals(0, event.getObserversAttempts());
    }

    @Test
    void afterTheLastScheduledTryTheDeliveryHasFailed() {
        OutboxEvent event = event(true);
        event.webhookClaimed("run", NOW.plusSeconds(25));
        assertTrue(event.webhookFailed("run", "HTTP 500", null, NOW.plusSeconds(3)));
        assertEquals(DeliveryState.FAILED, event.getWebhookState());
        assertNull(event.getWebhookNextAt());
    }
}
