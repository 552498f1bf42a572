package dev.iotpaymerchant.iotpay.control;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Client;

import dev.iotpaymerchant.platform.control.HttpClients;
import dev.iotpaymerchant.platform.control.Settings;

/**
 * The one JAX-RS client the application uses for IOTPay: thread-safe, shared by every request and
 * the sweep, keeping connections alive in a pool sized for the load, and closed at undeploy. A
 * redirect is never a valid IOTPay answer, so redirects are reported, not followed.
 */
@ApplicationScoped
public class GatewayConnection {

    /** Concurrent calls to IOTPay one node keeps connections for (requests plus the sweep). */
    static final int CONNECTIONS = 64;

    @Inject
    Settings settings;

    private volatile Client client;

    public Client client() {
        Client current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClients.pooled(settings.connectTimeout(), settings.readTimeout(), CONNECTIONS);
                }
                current = client;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
