package dev.iotpaymerchant.platform.work;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;

import dev.iotpaymerchant.platform.observability.LogFields;

/**
 * One long-lived managed thread that records {@link OutcomeGroup}s when their time is up. Built
 * once on the server's {@code ManagedThreadFactory}, so scheduling a group costs a queue entry, not
 * a task submission that captures and sets up a thread context each time.
 */
@ApplicationScoped
public class WorkThreads {

    private static final Logger LOG = LogFields.logger(WorkThreads.class);

    @Resource
    ManagedThreadFactory threads;

    private ScheduledThreadPoolExecutor scheduler;

    /** Runs tasks after a delay on the one thread; empty if the server gave no thread. */
    public synchronized Optional<OutcomeGroup.Later> later() {
        if (scheduler == null) {
            try {
                ScheduledThreadPoolExecutor created = new ScheduledThreadPoolExecutor(1, task -> {
                    Thread thread = threads.newThread(task);
                    thread.setName("iotpay-outcome-recorder");
                    thread.setDaemon(true);
                    return thread;
                });
                created.setRemoveOnCancelPolicy(true); // a group recorded early leaves nothing queued behind
                scheduler = created;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "No thread to record outcomes on time; each is recorded on its own", e);
                return Optional.empty();
            }
        }
        ScheduledThreadPoolExecutor running = scheduler;
        return Optional.of((Duration delay, Runnable task) -> running.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS));
    }

    @PreDestroy
    void stop() {
        ScheduledThreadPoolExecutor running;
        synchronized (this) {
            running = scheduler;
        }
        if (running != null) {
            running.shutdown(); // groups already scheduled are still recorded; the dispatcher's run closes its own group
            try {
                running.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
