package dev.iotpaymerchant.orders.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.orders.entity.OrderStatus;
import dev.iotpaymerchant.platform.control.LogFields;

/**
 * The status long-polls this node holds ({@code GET /api/orders/{no}?wait=&known=}). No thread waits
 * for them: every {@link #TICK} one task reads the status of every waited order in one query per
 * {@link #BATCH} orders, and answers each wait whose order moved away from the status its caller
 * knows, or whose time is up. Reading the database, not this node's memory, is what makes a payment
 * applied on another node end the wait here: within one tick (ADR 0012).
 */
@ApplicationScoped
public class StatusWaits {

    /** How often waited orders are read: the most a change on another node waits to be seen, plus one query. */
    public static final Duration TICK = Duration.ofMillis(500);
    static final int BATCH = 500;
    private static final Logger LOG = LogFields.logger(StatusWaits.class);

    @Inject
    OrderSettings settings;

    @Inject
    OrderQueries queries;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Map<String, Set<Wait>> waits = new ConcurrentHashMap<>();
    private final AtomicInteger held = new AtomicInteger();
    private ScheduledFuture<?> ticking;

    /** One caller's wait: answered once, by {@code answer}, when the order leaves {@code known} or at {@code until}. */
    private record Wait(OrderStatus known, Instant until, Runnable answer) {
    }

    /**
     * Holds a wait for order {@code mchOrderNo} to leave {@code known}, up to {@code wait}; {@code answer}
     * runs once, on the scheduler's thread. False (and nothing held) when this node already holds
     * orders.max-waiting waits.
     */
    public boolean hold(String mchOrderNo, OrderStatus known, Duration wait, Runnable answer) {
        if (this.held.incrementAndGet() > settings.maxWaiting()) {
            this.held.decrementAndGet();
            return false;
        }
        startTicking();
        Wait held = new Wait(known, Instant.now().plus(wait), answer);
        waits.compute(mchOrderNo, (number, forOrder) -> { // atomic with the removal of an emptied set
            Set<Wait> set = forOrder == null ? ConcurrentHashMap.newKeySet() : forOrder;
            set.add(held);
            return set;
        });
        return true;
    }

    /** How many waits this node holds now. */
    public int held() {
        return held.get();
    }

    private synchronized void startTicking() {
        if (ticking == null) {
            ticking = scheduler.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One read of every waited order; never throws, so the schedule goes on. */
    void tick() {
        try {
            List<String> numbers = new ArrayList<>(waits.keySet());
            Instant now = Instant.now();
            for (int from = 0; from < numbers.size(); from += BATCH) {
                List<String> batch = numbers.subList(from, Math.min(numbers.size(), from + BATCH));
                Map<String, OrderStatus> statuses = queries.statuses(batch);
                batch.forEach(number -> answerDue(number, statuses.get(number), now));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Reading the status of waited orders failed; trying again in " + TICK.toMillis() + " ms", e);
        }
    }

    private void answerDue(String number, OrderStatus status, Instant now) {
        Set<Wait> forOrder = waits.get(number);
        if (forOrder == null) {
            return;
        }
        for (Wait wait : forOrder) {
            if ((status != wait.known() || !now.isBefore(wait.until())) && forOrder.remove(wait)) {
                held.decrementAndGet();
                answer(wait);
            }
        }
        waits.computeIfPresent(number, (key, set) -> set.isEmpty() ? null : set);
    }

    private static void answer(Wait wait) {
        try {
            wait.answer().run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Answering a status wait failed", e);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (ticking != null) {
            ticking.cancel(false);
        }
    }
}
