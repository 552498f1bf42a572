package dev.iotpaymerchant.orders.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import dev.iotpaymerchant.platform.observability.LogFields;

/**
 * The status long-polls this node holds ({@code GET /api/orders/{no}?wait=&known=}). No thread waits
 * for them: every {@link #TICK} one task reads the status of every waited order in one query per
 * {@link #BATCH} orders, and answers each wait whose order moved away from the status its caller
 * knows, or whose time is up. Reading the database, not this node's memory, is what makes a payment
 * applied on another node end the wait here: within one tick (ADR 0012). Each caller holds at most its
 * share of the node's waits, so one caller cannot take every slot, and a wait can be released before it
 * is answered, when a server reports that its client went away (ADR 0021).
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
    private final Map<String, Integer> perCaller = new ConcurrentHashMap<>();
    private final AtomicInteger held = new AtomicInteger();
    private ScheduledFuture<?> ticking;

    /**
     * One caller's wait: answered once, by {@code answer}, when the order leaves {@code known} or at
     * {@code until}. Compared by identity: whoever removes it from its order's set first (the tick that
     * answers it, or its release) is the one who frees its slot.
     */
    private static final class Wait {
        final String caller;
        final OrderStatus known;
        final Instant until;
        final Runnable answer;

        Wait(String caller, OrderStatus known, Instant until, Runnable answer) {
            this.caller = caller;
            this.known = known;
            this.until = until;
            this.answer = answer;
        }
    }

    /** Why a wait was not held. */
    public enum Refusal {
        /** The node holds orders.max-waiting waits. */
        NODE_FULL,
        /** The caller holds orders.max-waiting-per-caller waits on this node. */
        CALLER_FULL
    }

    /** What {@link #hold} did: held (then {@link #release()} frees it early, unanswered), or refused and why. */
    public final class Hold {
        private final Optional<Refusal> refusal;
        private final String mchOrderNo;
        private final Wait wait;

        private Hold(Optional<Refusal> refusal, String mchOrderNo, Wait wait) {
            this.refusal = refusal;
            this.mchOrderNo = mchOrderNo;
            this.wait = wait;
        }

        public Optional<Refusal> refusal() {
            return refusal;
        }

        /** Frees the wait without answering it (its client went away, or its safety net fired); idempotent. */
        public void release() {
            if (wait != null) {
                remove(mchOrderNo, wait);
            }
        }
    }

    /**
     * Holds {@code caller}'s wait for order {@code mchOrderNo} to leave {@code known}, up to {@code wait};
     * {@code answer} runs once, on the scheduler's thread, unless the wait is released first. Refused (and
     * nothing held) when this node already holds orders.max-waiting waits, or this caller its share of them
     * (orders.max-waiting-per-caller).
     */
    public Hold hold(String caller, String mchOrderNo, OrderStatus known, Duration wait, Runnable answer) {
        int share = settings.maxWaitingPerCaller();
        boolean[] taken = {false};
        perCaller.compute(caller, (key, count) -> {
            int holding = count == null ? 0 : count;
            taken[0] = holding < share;
            return taken[0] ? Integer.valueOf(holding + 1) : count;
        });
        if (!taken[0]) {
            return new Hold(Optional.of(Refusal.CALLER_FULL), mchOrderNo, null);
        }
        if (this.held.incrementAndGet() > settings.maxWaiting()) {
            this.held.decrementAndGet();
            freeShare(caller);
            return new Hold(Optional.of(Refusal.NODE_FULL), mchOrderNo, null);
        }
        startTicking();
        Wait held = new Wait(caller, known, Instant.now().plus(wait), answer);
        waits.compute(mchOrderNo, (number, forOrder) -> { // atomic with the removal of an emptied set
            Set<Wait> set = forOrder == null ? ConcurrentHashMap.newKeySet() : forOrder;
            set.add(held);
            return set;
        });
        return new Hold(Optional.empty(), mchOrderNo, held);
    }

    /** How many waits this node holds now. */
    public int held() {
        return held.get();
    }

    /** How many waits this node holds now for {@code caller}. */
    public int heldFor(String caller) {
        return perCaller.getOrDefault(caller, 0);
    }

    /** True when this call took the wait out: its slot is freed here, once. */
    private boolean remove(String number, Wait wait) {
        Set<Wait> forOrder = waits.get(number);
        boolean removed = forOrder != null && forOrder.remove(wait);
        if (removed) {
            held.decrementAndGet();
            freeShare(wait.caller);
        }
        waits.computeIfPresent(number, (key, set) -> set.isEmpty() ? null : set);
        return removed;
    }

    private void freeShare(String caller) {
        perCaller.computeIfPresent(caller, (key, count) -> count <= 1 ? null : Integer.valueOf(count - 1));
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
        for (Wait wait : List.copyOf(forOrder)) {
            if ((status != wait.known || !now.isBefore(wait.until)) && remove(number, wait)) {
                answer(wait);
            }
        }
    }

    private static void answer(Wait wait) {
        try {
            wait.answer.run();
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
