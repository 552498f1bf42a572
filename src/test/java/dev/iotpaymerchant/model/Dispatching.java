package dev.iotpaymerchant.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import jakarta.ejb.EJBException;

import dev.iotpaymerchant.events.entity.PaymentEvent;
import dev.iotpaymerchant.fulfilment.control.ObserverDelivery;
import dev.iotpaymerchant.platform.work.OutcomeGroup;
import dev.iotpaymerchant.platform.work.WorkThreads;

/**
 * The outbox's delivery to the observers as the model runs it: each node's real {@code Dispatcher} claims the due
 * events and hands them to {@link Observers}, which stands for the container's observers: one of every event
 * ({@link #EVERY_EVENT}, the merchant's), and the application's real follow-up of checkout events. What was
 * delivered is kept here, across crashes, with what a crash may have left unrecorded: the events it may repeat
 * ({@link Books} checks the two against each other after every step). {@link Threads} is the node's outcome
 * recorder thread ({@code WorkThreads.later()}), as {@link Recording} has it in the dispatch under way.
 */
final class Dispatching {

    /** The merchant's observer of every event: it only counts what reaches it. */
    static final String EVERY_EVENT = "model#everyEvent";

    /** How the node's outcome recorder thread behaves during one run of the dispatcher. */
    enum Recording {
        /** The server gave no thread: each outcome is recorded as soon as it is known (groups of one). */
        EACH,
        /** Every observer takes longer than a group's 20 ms: its timer records the group while the next event's observers run. */
        SLOW_OBSERVERS,
        /** Every observer is quick: no group's 20 ms are up before its claim is done, so its outcomes are recorded at the end. */
        AT_CLOSE
    }

    /** How many times each observer returned normally for each event ("event observer"), in order of the first. */
    final Map<String, Integer> returned = new LinkedHashMap<>();
    /** How many crashes struck while each event's outcome was not yet due to be recorded: how often it may repeat. */
    final Map<String, Integer> mayRepeat = new HashMap<>();
    /** What went wrong that is a failure by itself: an observer failed with a system exception (a 500 elsewhere). */
    final List<String> problems = new ArrayList<>();
    /** Who gave each checkout event to the follow-up: "shop" (the FollowUp step, as before) or "dispatch". */
    final Map<String, String> followedUpBy = new HashMap<>();
    private final Map<String, String> names = new HashMap<>();
    private Recording recording = Recording.EACH;
    /** The events whose delivery started since this run's current claim was taken, in order. */
    private final List<String> sinceClaim = new ArrayList<>();
    /** The timers the current claim's group set and that have not run. */
    private final List<Map.Entry<CompletableFuture<Void>, Runnable>> timers = new ArrayList<>();
    private final StringBuilder did = new StringBuilder();

    /** A run of the dispatcher begins, its outcomes recorded as {@code recording} lets them be. */
    void begin(Recording recording) {
        this.recording = recording;
        sinceClaim.clear();
        timers.clear();
        did.setLength(0);
    }

    /**
     * The node crashed during the run. What it may repeat: with groups of one (or a slow observer), only the event in
     * progress, whose outcome was being found or recorded; with groups recorded when the claim closes, every event of
     * the claim.
     */
    void crashed() {
        List<String> unrecorded = recording == Recording.AT_CLOSE || sinceClaim.isEmpty() ? sinceClaim
                : sinceClaim.subList(sinceClaim.size() - 1, sinceClaim.size());
        unrecorded.forEach(event -> mayRepeat.merge(event, 1, Integer::sum));
        did.append(" (crashed; may repeat ").append(unrecorded.stream().map(names::get).toList()).append(")");
    }

    /** What the run delivered, for the log. */
    String did() {
        return did.toString();
    }

    /** A short name for the log: its number in order of first delivery, and its type. */
    String name(String eventId) {
        return names.getOrDefault(eventId, eventId);
    }

    private void claiming() {
        sinceClaim.clear();
        timers.clear();
    }

    private Future<?> timer(Duration delay, Runnable task) {
        CompletableFuture<Void> handle = new CompletableFuture<>();
        timers.add(Map.entry(handle, task));
        return handle;
    }

    /** The next event's observers start: a slow observer's time lets the group's timer run first. */
    private void delivering(PaymentEvent event) {
        if (recording == Recording.SLOW_OBSERVERS) {
            List<Map.Entry<CompletableFuture<Void>, Runnable>> due = List.copyOf(timers);
            timers.clear();
            due.stream().filter(timer -> !timer.getKey().isCancelled()).forEach(timer -> timer.getValue().run());
        }
        names.putIfAbsent(event.eventId(), "#" + (names.size() + 1) + " " + event.type().wireName());
        sinceClaim.add(event.eventId());
        did.append(did.isEmpty() ? "; " : ", ").append(names.get(event.eventId()));
    }

    /** The node's outcome recorder thread, as the run under way has it. */
    static final class Threads extends WorkThreads {

        private final Dispatching dispatching;

        Threads(Dispatching dispatching) {
            this.dispatching = dispatching;
        }

        /** Asked once a claim, as it is taken. */
        @Override
        public synchronized Optional<OutcomeGroup.Later> later() {
            dispatching.claiming();
            return dispatching.recording == Recording.EACH ? Optional.empty() : Optional.of(dispatching::timer);
        }
    }

    /** The observers of one node: the merchant's of every event, and the real follow-up of checkout events. */
    static final class Observers extends ObserverDelivery {

        private final Dispatching dispatching;
        private final Node node;

        Observers(Dispatching dispatching, Node node) {
            this.dispatching = dispatching;
            this.node = node;
        }

        @Override
        public Outcome deliver(PaymentEvent event, Set<String> alreadyDone) {
            dispatching.delivering(event);
            Set<String> done = new TreeSet<>(alreadyDone);
            List<String> failures = new ArrayList<>();
            List<String> observers = new ArrayList<>(List.of(EVERY_EVENT));
            observers.addAll(FollowUps.observersOf(event));
            for (String observer : observers) {
                if (done.contains(observer)) {
                    continue;
                }
                try {
                    if (!observer.equals(EVERY_EVENT) && !"shop".equals(dispatching.followedUpBy.get(event.eventId()))) {
                        dispatching.followedUpBy.put(event.eventId(), "dispatch");
                        FollowUps.deliver(node, event, observer);
                    } // else the FollowUp step gave it to the follow-up already, which is as good as done
                    dispatching.returned.merge(event.eventId() + " " + observer, 1, Integer::sum);
                    done.add(observer);
                } catch (RuntimeException e) {
                    failures.add(observer + ": " + e);
                    dispatching.did.append(" (").append(observer).append(" failed: ").append(e).append(")");
                    if (e instanceof EJBException) {
                        dispatching.problems.add("observer " + observer + " failed on " + dispatching.name(event.eventId())
                                + " with a system exception: " + e);
                    }
                }
            }
            return new Outcome(done, failures);
        }
    }
}
