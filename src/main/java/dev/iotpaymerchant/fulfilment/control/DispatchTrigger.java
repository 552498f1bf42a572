package dev.iotpaymerchant.fulfilment.control;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.observability.LogFields;

/**
 * Wakes this node's dispatcher soon after a commit wrote events, without making the committing
 * request wait. One long-lived managed thread runs the dispatcher; a wake-up only raises a flag
 * and unparks it, so a request thread pays a compare-and-set, not a task submission (which made
 * the server capture and set up a thread context on every commit: about 7 % of a notification's
 * CPU, bench/results). Many commits in a burst wake it once, and it waits {@link #GATHER_NANOS}
 * for more before it runs: the run that follows sees all their rows. The timer remains the safety net, on every node, should this thread be gone.
 */
@ApplicationScoped
public class DispatchTrigger {

    private static final Logger LOG = LogFields.logger(DispatchTrigger.class);
    /** How long the thread sleeps when nothing wakes it: it only checks whether to stop. */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How long a wake-up waits for more commits before the run: delivery is this much later, never slower under load. */
    static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    @Resource
    ManagedThreadFactory threads;

    @Inject
    Dispatcher dispatcher;

    /** {@link #GATHER_NANOS}; longer in the unit test, so that its timing does not depend on the machine. */
    long gatherNanos = GATHER_NANOS;

    private final AtomicBoolean wanted = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile Thread worker;

    public void soon() {
        if (wanted.compareAndSet(false, true) && !stopping) {
            Thread running = worker;
            if (running == null || !running.isAlive()) {
                running = start(); // the first wake-up, or the thread died of an Error
            }
            if (running != null) {
                LockSupport.unpark(running);
            } else {
                wanted.set(false); // no thread: a later wake-up tries again, and the timer delivers
            }
        }
    }

    private synchronized Thread start() {
        if ((worker == null || !worker.isAlive()) && !stopping) {
            try {
                Thread thread = threads.newThread(this::run);
                thread.setName("iotpay-dispatch-trigger");
                thread.setDaemon(true);
                thread.start();
                worker = thread;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "No thread to wake the dispatcher; the timer delivers", e);
                return null;
            }
        }
        return worker;
    }

    private void run() {
        while (!stopping) {
            if (!wanted.get()) {
                LockSupport.parkNanos(this, IDLE_NANOS);
                continue;
            }
            // Gathers the commits of the next few milliseconds into this run: while the flag is
            // up, their wake-ups do not unpark, so under load one claim and one recording
            // transaction serve many events instead of one each.
            LockSupport.parkNanos(this, gatherNanos);
            wanted.set(false);
            try {
                dispatcher.dispatch();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Event dispatch failed; the timer tries again", e);
            }
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
        Thread running = worker;
        if (running != null) {
            LockSupport.unpark(running);
            try {
                running.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
