package dev.iotpaymerchant.fulfilment.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.concurrent.ManagedThreadFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatchTriggerTest {

    private final List<Thread> made = new ArrayList<>();
    private final DispatchTrigger trigger = new DispatchTrigger();
    private final CountingDispatcher dispatcher = new CountingDispatcher();

    DispatchTriggerTest() {
        trigger.threads = new Threads();
        trigger.dispatcher = dispatcher;
    }

    @AfterEach
    void stop() {
        trigger.stop();
    }

    @Test
    void aWakeUpRunsTheDispatcherOnItsOwnThread() throws InterruptedException {
        trigger.soon();
        assertTrue(dispatcher.ran.tryAcquire(10, TimeUnit.SECONDS), "the dispatcher ran");
        assertEquals(1, made.size());
        assertFalse(dispatcher.threads.contains(Thread.currentThread()), "not on the caller's thread");
    }

    @Test
    void wakeUpsDuringARunAreFoldedIntoOneMoreRun() throws InterruptedException {
        CountDownLatch firstRunHolds = new CountDownLatch(1);
        dispatcher.hold = firstRunHolds;
        trigger.soon();
        assertTrue(dispatcher.ran.tryAcquire(10, TimeUnit.SECONDS));
        for (int i = 0; i < 100; i++) {
            trigger.soon(); // a burst of commits while the first run is still delivering
        }
        firstRunHolds.countDown();
        assertTrue(dispatcher.ran.tryAcquire(10, TimeUnit.SECONDS), "the burst is seen by one more run");
        assertFalse(dispatcher.ran.tryAcquire(300, TimeUnit.MILLISECONDS), "and not by a hundred");
        assertEquals(2, dispatcher.runs.get());
        assertEquals(1, made.size(), "one thread for every wake-up");
    }

    @Test
    void wakeUpsInQuickSuccessionAreGatheredIntoOneRun() throws InterruptedException {
        trigger.gatherNanos = TimeUnit.SECONDS.toNanos(2);
        trigger.soon();
        for (int i = 0; i < 10; i++) {
            Thread.sleep(1); // commits a millisecond apart, as under load
            trigger.soon();
        }
        assertTrue(dispatcher.ran.tryAcquire(10, TimeUnit.SECONDS));
        assertFalse(dispatcher.ran.tryAcquire(300, TimeUnit.MILLISECONDS), "one run for the burst, not one per commit");
        assertEquals(1, dispatcher.runs.get());
    }

    @Test
    void aDispatcherThatFailsDoesNotStopLaterWakeUps() throws InterruptedException {
        dispatcher.fail = true;
        trigger.soon();
        assertTrue(dispatcher.ran.tryAcquire(10, TimeUnit.SECONDS));
        trigger.soon();
        assertTrue(dispatcher.ran.tryAcquire(10, TimeUnit.SECONDS), "a failed run is followed by the next");
    }

    @Test
    void stoppingEndsTheThread() throws InterruptedException {
        trigger.soon();
        assertTrue(dispatcher.ran.tryAcquire(10, TimeUnit.SECONDS));
        trigger.stop();
        made.get(0).join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(made.get(0).isAlive());
        trigger.soon();
        assertFalse(dispatcher.ran.tryAcquire(300, TimeUnit.MILLISECONDS), "nothing runs once stopped");
    }

    private final class Threads implements ManagedThreadFactory {
        @Override
        public Thread newThread(Runnable work) {
            Thread thread = new Thread(work);
            made.add(thread);
            return thread;
        }

        @Override
        public java.util.concurrent.ForkJoinWorkerThread newThread(java.util.concurrent.ForkJoinPool pool) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class CountingDispatcher extends Dispatcher {
        final Semaphore ran = new Semaphore(0);
        final AtomicInteger runs = new AtomicInteger();
        final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile CountDownLatch hold;
        volatile boolean fail;

        @Override
        public int dispatch() {
            threads.add(Thread.currentThread());
            runs.incrementAndGet();
            ran.release();
            CountDownLatch waitFor = hold;
            hold = null;
            if (waitFor != null) {
                try {
                    waitFor.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (fail) {
                throw new IllegalStateException("delivery failed");
            }
            return 0;
        }
    }
}
