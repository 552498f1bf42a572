package dev.iotpaymerchant.fulfilment.control;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.enterprise.inject.spi.ProcessObserverMethod;

/**
 * Names every observer method of the application by the method itself, as the container finds it
 * at deployment: declaring class, method name and parameter types, and the qualifiers it observes
 * with. The outbox records which observers took an event by these names, so two observer methods
 * of one event in one bean are called, retried and recorded each on its own, and a name stays the
 * same across restarts and redeployments. (CDI's {@link ObserverMethod} does not say which Java
 * method it is; only this container event does.)
 */
public class ObserverIdentities implements Extension {

    private final Map<ObserverMethod<?>, String> names = new IdentityHashMap<>();

    <T, X> void named(@Observes ProcessObserverMethod<T, X> found) {
        AnnotatedMethod<X> method = found.getAnnotatedMethod();
        if (method != null) {
            names.put(found.getObserverMethod(), nameOf(method.getJavaMember(), found.getObserverMethod()));
        }
    }

    /** The observer's name; a synthetic observer (added by another extension) has no method, and is named by its bean and type. */
    String of(ObserverMethod<?> observer) {
        String name = names.get(observer);
        return name != null ? name : observer.getBeanClass().getName() + "#<synthetic>(" + observer.getObservedType().getTypeName()
                + ")" + qualifiers(observer);
    }

    static String nameOf(Method method, ObserverMethod<?> observer) {
        String parameters = Arrays.stream(method.getParameterTypes()).map(Class::getName).collect(Collectors.joining(","));
        return method.getDeclaringClass().getName() + "#" + method.getName() + "(" + parameters + ")" + qualifiers(observer);
    }

    private static String qualifiers(ObserverMethod<?> observer) {
        return observer.getObservedQualifiers().isEmpty() ? "" : observer.getObservedQualifiers().stream()
                .map(Object::toString).sorted().collect(Collectors.joining(",", "[", "]"));
    }
}
