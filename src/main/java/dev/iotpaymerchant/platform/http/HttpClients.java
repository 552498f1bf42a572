package dev.iotpaymerchant.platform.http;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;

import dev.iotpaymerchant.platform.observability.OutboundTraceparent;

/**
 * Builds the application's outgoing JAX-RS clients: one per destination, shared by all threads,
 * never following redirects, with keep-alive connections pooled. Pool sizes are not part of
 * the JAX-RS API: RESTEasy (WildFly) has builder methods for them, which are called when present
 * (without them its client holds one connection and is not safe to share); Jersey (Payara) uses
 * the JDK's HTTP keep-alive cache, which needs nothing here. Each request carries the current trace.
 */
public final class HttpClients {

    private HttpClients() {
    }

    public static Client pooled(Duration connectTimeout, Duration readTimeout, int connections) {
        ClientBuilder builder = ClientBuilder.newBuilder()
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                // Jersey: a redirect is an answer to report, never one to follow (RESTEasy does not follow by default).
                .property("jersey.config.client.followRedirects", false)
                .register(new OutboundTraceparent());
        callIfPresent(builder, "connectionPoolSize", connections);
        callIfPresent(builder, "maxPooledPerRoute", connections);
        return builder.build();
    }

    private static void callIfPresent(ClientBuilder builder, String method, int value) {
        try {
            Method setter = builder.getClass().getMethod(method, int.class);
            setter.invoke(builder, value);
        } catch (ReflectiveOperationException | RuntimeException notThisImplementation) {
            // Jersey has no such method: nothing to size.
        }
    }
}
