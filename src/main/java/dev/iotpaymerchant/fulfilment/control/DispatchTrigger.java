package dev.iotpaymerchant.fulfilment.control;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import dev.iotpaymerchant.platform.control.LogFields;
import jakarta.inject.Inject;

/**
 * Wakes this node's dispatcher soon after a commit wrote events, on a managed thread, without
 * making the committing request wait. Many commits in a burst wake it once: while a run is queued,
 * further wake-ups are dropped (that run will see their rows). The timer remains the safety net.
 */
@ApplicationScoped
public class DispatchTrigger {

    private static final Logger LOG = LogFields.logger(DispatchTrigger.class);

    @Resource
    ManagedExecutorService executor;

    @Inject
    Dispatcher dispatcher;

    private final AtomicBoolean queued = new AtomicBoolean();

    public void soon() {
        if (!queued.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                queued.set(false);
                try {
                    dispatcher.dispatch();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Event dispatch failed; the timer tries again", e);
                }
            });
        } catch (RejectedExecutionException e) {
            queued.set(false);
            LOG.fine("Dispatch not queued (the executor is busy or shutting down); the timer delivers");
        }
    }
}
