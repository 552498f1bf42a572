package dev.iotpaymerchant.orders.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.iotpay.control.IotPaySettings;
import dev.iotpaymerchant.orders.entity.OrderStatus;
import dev.iotpaymerchant.platform.settings.MapConfig;
import dev.iotpaymerchant.platform.settings.Settings;

/** The long-polls one node holds: bounded, shared out per caller, freed when their clients go away, answered once when the status moves or the time is up, one query per tick. */
class StatusWaitsTest {

    private final Map<String, OrderStatus> database = new HashMap<>();
    private final List<List<String>> queries = new ArrayList<>();
    private final List<String> answered = new ArrayList<>();
    private final StatusWaits waits = waits(2);

    @AfterEach
    void stop() {
        waits.stop();
    }

    @Test
    void aNodeHoldsAtMostMaxWaitingWaits() {
        database.put("MO1", OrderStatus.PENDING);
        assertTrue(waits.hold("ann", "MO1", OrderStatus.PENDING, Duration.ofMinutes(1), () -> answered.add("a")).refusal().isEmpty());
        assertTrue(waits.hold("bob", "MO1", OrderStatus.PENDING, Duration.ofMinutes(1), () -> answered.add("b")).refusal().isEmpty());
        assertEquals(Optional.of(StatusWaits.Refusal.NODE_FULL),
                waits.hold("cat", "MO1", OrderStatus.PENDING, Duration.ofMinutes(1), () -> answered.add("c")).refusal());
        assertEquals(2, waits.held());
        assertEquals(0, waits.heldFor("cat"), "a refused wait holds no share");
    }

    @Test
    void oneCallerHoldsAtMostItsShareAndTheOthersStillGetTheirs() {
        StatusWaits shared = waits(10, 3);
        try {
            database.put("MO1", OrderStatus.PENDING);
            for (int i = 0; i < 60; i++) {
                shared.hold("greedy", "MO1", OrderStatus.PENDING, Duration.ofMinutes(1), () -> answered.add("greedy"));
            }
            assertEquals(3, shared.heldFor("greedy"));
            assertEquals(Optional.of(StatusWaits.Refusal.CALLER_FULL),
                    shared.hold("greedy", "MO1", OrderStatus.PENDING, Duration.ofMinutes(1), () -> { }).refusal());
            assertTrue(shared.hold("modest", "MO1", OrderStatus.PENDING, Duration.ofMinutes(1), () -> answered.add("modest"))
                    .refusal().isEmpty(), "another caller is still served");
            assertEquals(4, shared.held());
        } finally {
            shared.stop();
        }
    }

    @Test
    void aReleasedWaitFreesItsSlotsOnceAndIsNeverAnswered() {
        database.put("MO1", OrderStatus.PENDING);
        StatusWaits.Hold gone = waits.hold("ann", "MO1", OrderStatus.PENDING, Duration.ofMinutes(1), () -> answered.add("gone"));
        gone.release();
        gone.release(); // the disconnect and the completion both report it
        assertEquals(0, waits.held());
        assertEquals(0, waits.heldFor("ann"));
        database.put("MO1", OrderStatus.PAID);
        waits.tick();
        assertEquals(List.of(), answered, "nobody is there to answer");
        assertTrue(waits.hold("ann", "MO1", OrderStatus.PENDING, Duration.ofMinutes(1), () -> { }).refusal().isEmpty());
        assertTrue(waits.hold("bob", "MO1", OrderStatus.PENDING, Duration.ofMinutes(1), () -> { }).refusal().isEmpty());
        assertEquals(2, waits.held(), "both of the node's slots are usable again");
    }

    @Test
    void aWaitIsAnsweredOnceWhenItsOrderLeavesTheKnownStatusAndTheOthersGoOnWaiting() {
        database.put("MO1", OrderStatus.PENDING);
        database.put("MO2", OrderStatus.PENDING);
        waits.hold("ann", "MO1", OrderStatus.PENDING, Duration.ofMinutes(1), () -> answered.add("MO1"));
        waits.hold("ann", "MO2", OrderStatus.PENDING, Duration.ofMinutes(1), () -> answered.add("MO2"));
        waits.tick();
        assertEquals(List.of(), answered);

        database.put("MO1", OrderStatus.PAID); // say, on another node
        waits.tick();
        waits.tick();
        assertEquals(List.of("MO1"), answered);
        assertEquals(1, waits.held());
        assertEquals(List.of("MO1", "MO2"), queries.get(0).stream().sorted().toList(), "one query for every waited order");
    }

    @Test
    void aWaitWhoseTimeIsUpIsAnsweredWithTheOrderUnchanged() {
        database.put("MO1", OrderStatus.PENDING);
        waits.hold("ann", "MO1", OrderStatus.PENDING, Duration.ZERO, () -> answered.add("MO1"));
        waits.tick();
        assertEquals(List.of("MO1"), answered);
        assertEquals(0, waits.held());
    }

    @Test
    void aFailingReadIsTriedAgainAtTheNextTick() {
        database.put("MO1", OrderStatus.PAID);
        waits.hold("ann", "MO1", OrderStatus.PENDING, Duration.ofMinutes(1), () -> answered.add("MO1"));
        failing = true;
        waits.tick();
        assertEquals(List.of(), answered);
        failing = false;
        waits.tick();
        assertEquals(List.of("MO1"), answered);
    }

    private boolean failing;

    private StatusWaits waits(int max) {
        return waits(max, max);
    }

    private StatusWaits waits(int max, int perCaller) {
        Settings settings = new Settings(new MapConfig(Map.of("orders.max-waiting", String.valueOf(max),
                "orders.max-waiting-per-caller", String.valueOf(perCaller))));
        StatusWaits built = new StatusWaits();
        built.settings = new OrderSettings(settings, new IotPaySettings(settings));
        built.queries = new OrderQueries() {
            @Override
            public Map<String, OrderStatus> statuses(List<String> numbers) {
                if (failing) {
                    throw new IllegalStateException("the database is away");
                }
                queries.add(List.copyOf(numbers));
                Map<String, OrderStatus> found = new HashMap<>();
                numbers.forEach(number -> found.put(number, database.get(number)));
                return found;
            }
        };
        // Ticks are driven by the test; the scheduler only has to accept the schedule.
        built.scheduler = managed(Executors.newSingleThreadScheduledExecutor());
        return built;
    }

    private static ManagedScheduledExecutorService managed(ScheduledExecutorService executor) {
        return (ManagedScheduledExecutorService) java.lang.reflect.Proxy.newProxyInstance(
                StatusWaitsTest.class.getClassLoader(), new Class<?>[] {ManagedScheduledExecutorService.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("scheduleWithFixedDelay")) {
                        return executor.schedule(() -> { }, 1, java.util.concurrent.TimeUnit.DAYS);
                    }
                    return method.invoke(executor, args);
                });
    }
}
