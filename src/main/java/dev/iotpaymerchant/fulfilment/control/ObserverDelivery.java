package dev.iotpaymerchant.fulfilment.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.inject.Inject;

import dev.iotpaymerchant.events.entity.PaymentEvent;
import dev.iotpaymerchant.platform.observability.LogFields;

/**
 * Fires a {@link PaymentEvent} at the application's CDI observers one observer at a time, so one
 * that throws neither hides the event from the others nor makes those that succeeded see it
 * again on the retry: each observer method (named by {@link ObserverIdentities}) is called until it has returned normally once. Runs outside
 * any transaction.
 */
@ApplicationScoped
public class ObserverDelivery {

    private static final Logger LOG = LogFields.logger(ObserverDelivery.class);

    @Inject
    BeanManager beans;

    @Inject
    ObserverIdentities identities;

    /** Which observers have taken the event now (including those that had before), and what failed. */
    public record Outcome(Set<String> done, List<String> failures) {

        public boolean delivered() {
            return failures.isEmpty();
        }
    }

    public Outcome deliver(PaymentEvent event, Set<String> alreadyDone) {
        Set<String> done = new TreeSet<>(alreadyDone);
        List<String> failures = new ArrayList<>();
        for (ObserverMethod<? super PaymentEvent> observer : beans.resolveObserverMethods(event)) {
            String id = identities.of(observer);
            if (done.contains(id)) {
                continue;
            }
            try {
                observer.notify(event);
                done.add(id);
            } catch (RuntimeException e) {
                failures.add(id + ": " + e);
                LOG.log(Level.WARNING, "Observer " + id + " failed on event " + event.eventId() + " ("
                        + event.type().wireName() + "); it will be called again", e);
            }
        }
        return new Outcome(done, failures);
    }
}
