package dev.iotpaymerchant.model;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.event.Observes;

import dev.iotpaymerchant.checkouts.boundary.CheckoutFollowUp;

/** Delivers an event to the application's real observer of checkout events, as the dispatcher does: its {@code @Observes} method for that type. */
final class FollowUps {

    private FollowUps() {
    }

    /** The follow-up's observers of {@code event}, named as the dispatcher records them (none for most events). */
    static List<String> observersOf(Object event) {
        return methodsFor(event).stream().map(FollowUps::name).toList();
    }

    static void deliver(Node node, Object event) {
        observersOf(event).forEach(observer -> deliver(node, event, observer));
    }

    /** Delivers {@code event} to the follow-up's observer {@code observer} (one of {@link #observersOf}). */
    static void deliver(Node node, Object event, String observer) {
        CheckoutFollowUp followUp = node.get(CheckoutFollowUp.class);
        for (Method method : methodsFor(event)) {
            if (!name(method).equals(observer)) {
                continue;
            }
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

    private static String name(Method method) {
        return CheckoutFollowUp.class.getSimpleName() + "#" + method.getName();
    }

    private static List<Method> methodsFor(Object event) {
        return Arrays.stream(CheckoutFollowUp.class.getDeclaredMethods())
                .filter(method -> method.getParameterCount() == 1 && method.getParameters()[0].isAnnotationPresent(Observes.class)
                        && method.getParameterTypes()[0].isInstance(event))
                .sorted(Comparator.comparing(Method::getName)).toList();
    }
}
