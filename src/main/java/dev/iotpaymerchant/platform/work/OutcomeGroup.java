package dev.iotpaymerchant.platform.work;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Outcomes recorded in small groups as they come, instead of once for a whole batch: a group is
 * recorded (one transaction) as soon as it holds {@code maxCount} outcomes, or {@code maxDelay}
 * after its first one was added, whichever comes first, and whatever is left when the claim is
 * done. So a crash, a redeploy or a lost lease loses at most the outcomes of the last
 * {@code maxDelay} (never more than {@code maxCount}), even while the worker is stuck in the next
 * piece of work; under load a group still fills up within the delay and costs one transaction.
 * Groups are recorded one at a time, in the order they were taken.
 */
public final class OutcomeGroup<T> implements AutoCloseable {

    /** Runs a task once after a delay: a scheduled executor, or a fake one in unit tests. */
    @FunctionalInterface
    public interface Later {
        Future<?> after(Duration delay, Runnable task);
    }

    private final int maxCount;
    private final Duration maxDelay;
    private final Later later;
    private final Consumer<List<T>> recorder;
    /** Held while a group is recorded: one at a time, so {@link #close} returns only once all are recorded. */
    private final Object recording = new Object();
    private final List<T> pending = new ArrayList<>();
    private Future<?> timer;

    public OutcomeGroup(int maxCount, Duration maxDelay, Later later, Consumer<List<T>> recorder) {
        this.maxCount = maxCount;
        this.maxDelay = maxDelay;
        this.later = later;
        this.recorder = recorder;
    }

    /** Adds one outcome; records the group now if it is full, otherwise within {@code maxDelay}. */
    public void add(T outcome) {
        boolean full;
        synchronized (this) {
            pending.add(outcome);
            full = pending.size() >= maxCount;
            if (!full && timer == null) {
                try {
                    timer = later.after(maxDelay, this::flush);
                } catch (RuntimeException noThread) {
                    full = true; // nothing would record it on time: record it now
                }
            }
        }
        if (full) {
            flush();
        }
    }

    /** Records what is pending now, after any group being recorded. */
    public void flush() {
        synchronized (recording) {
            List<T> taken;
            synchronized (this) {
                taken = List.copyOf(pending);
                pending.clear();
                if (timer != null) {
                    timer.cancel(false);
                    timer = null;
                }
            }
            if (!taken.isEmpty()) {
                recorder.accept(taken);
            }
        }
    }

    /** Records the rest: when it returns, every outcome added has been recorded (or its recording has failed). */
    @Override
    public void close() {
        flush();
    }
}
