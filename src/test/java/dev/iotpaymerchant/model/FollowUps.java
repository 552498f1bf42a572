package dev.iotpaymerchant.model;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import jakarta.enterprise.event.Observes;

import dev.iotpaymerchant.checkouts.boundary.CheckoutFollowUp;

/** Delivers an event to the application's real observer of checkout events, as the dispatcher does: its {@code @Observes} method for that type. */
final class FollowUps {

    private FollowUps() {
    }

    static void deliver(Node node, Object event) {
        CheckoutFollowUp followUp = node.get(CheckoutFollowUp.class);
        for (Method method : CheckoutFollowUp.class.getDeclaredMethods()) {
            if (method.getParameterCount() == 1 && method.getParameters()[0].isAnnotationPresent(Observes.class)
                    && method.getParameterTypes()[0].isInstance(event)) {
                try {
                    method.setAccessible(true);
                    method.invoke(followUp, event);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
