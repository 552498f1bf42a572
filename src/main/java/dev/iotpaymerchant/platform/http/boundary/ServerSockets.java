package dev.iotpaymerchant.platform.http.boundary;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;

/**
 * The TCP socket under a servlet request, for {@link ClientDisconnects}. No Jakarta API gives it; each
 * server's own classes do, and they are reached by reflection, chosen by the request's class, so that this
 * WAR needs none of them to build and runs unchanged where they are missing: there, {@link #of} says why it
 * found no socket, and the caller does without.
 */
final class ServerSockets {

    /**
     * The public (or, for XNIO, package-private) no-argument methods that lead from a server's own request to
     * its connection's socket, by the prefix of the request's class name. Payara Micro and Server: the Catalina
     * request facade, its Grizzly request, the Grizzly connection, its channel. WildFly: Undertow's request, its
     * exchange, the HTTP connection, the XNIO stream connection, its channel.
     */
    private static final Map<String, List<String>> PATHS = Map.of(
            "org.apache.catalina.", List.of("getUnwrappedCoyoteRequest", "getCoyoteRequest", "getConnection", "getChannel"),
            "io.undertow.", List.of("getExchange", "getConnection", "getChannel", "getChannel"));

    /** Found once per class and method name: a wait looks them up on every request. */
    private static final Map<Class<?>, Map<String, Method>> METHODS = new ConcurrentHashMap<>();

    private ServerSockets() {
    }

    /**
     * The socket that {@code request} came on (its wrappers taken off first).
     *
     * @throws UnsupportedOperationException when this server's request does not lead to one, saying why
     */
    static SocketChannel of(ServletRequest request) {
        ServletRequest real = request;
        while (real instanceof ServletRequestWrapper wrapper) {
            real = wrapper.getRequest();
        }
        String type = real.getClass().getName();
        List<String> path = PATHS.entrySet().stream().filter(known -> type.startsWith(known.getKey()))
                .map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new UnsupportedOperationException("a request of an unknown server (" + type + ")"));
        Object step = real;
        for (String method : path) {
            step = call(step, method, type);
        }
        if (step instanceof SocketChannel socket) {
            return socket;
        }
        throw new UnsupportedOperationException("the connection of a " + type + " has no TCP socket channel but "
                + (step == null ? "none" : "a " + step.getClass().getName()));
    }

    private static Object call(Object target, String name, String requestType) {
        if (target == null) {
            throw new UnsupportedOperationException("a " + requestType + " led to nothing before " + name + "()");
        }
        Method method = METHODS.computeIfAbsent(target.getClass(), type -> new ConcurrentHashMap<>())
                .computeIfAbsent(name, missing -> find(target.getClass(), missing));
        if (method == null) {
            throw new UnsupportedOperationException(target.getClass().getName() + " has no " + name + "()");
        }
        try {
            return method.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            throw new UnsupportedOperationException(target.getClass().getName() + "." + name + "() failed: " + e, e);
        }
    }

    /** The method, declared by the class or a superclass, made callable; null when there is none or it stays closed. */
    private static Method find(Class<?> type, String name) {
        for (Class<?> declaring = type; declaring != null; declaring = declaring.getSuperclass()) {
            try {
                Method method = declaring.getDeclaredMethod(name);
                method.setAccessible(true);
                return method;
            } catch (NoSuchMethodException notHere) {
                // a superclass may declare it
            } catch (RuntimeException closed) { // InaccessibleObjectException, SecurityException
                return null;
            }
        }
        return null;
    }
}
