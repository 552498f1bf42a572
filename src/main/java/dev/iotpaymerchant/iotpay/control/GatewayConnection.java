package dev.iotpaymerchant.iotpay.control;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Client;

import dev.iotpaymerchant.platform.http.HttpClients;
import dev.iotpaymerchant.platform.observability.Traces;

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
    IotPaySettings settings;

    @Resource
    ManagedThreadFactory threads;

    private volatile Client client;
    private volatile ExecutorService exchanges;

    /**
     * Runs one exchange with IOTPay and waits for it at most {@code deadline} in all: the connect and
     * per-read timeouts alone do not bound an answer that arrives a few bytes at a time. When the
     * deadline passes, the caller gets {@code late} (an unknown outcome: the call may still land) and
     * the exchange is interrupted and left to end on its own thread.
     */
    public <T> T within(Duration deadline, Supplier<T> exchange, Supplier<T> late) {
        Future<T> pending = executor().submit(Traces.carried(exchange::get)); // in the caller's trace
        try {
            return pending.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return late.get();
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return late.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (CancellationException e) {
            return late.get();
        }
    }

    /** Threads from the server's own factory, so each call runs with the application's context. */
    private ExecutorService executor() {
        ExecutorService current = exchanges;
        if (current == null) {
            synchronized (this) {
                if (exchanges == null) {
                    exchanges = Executors.newCachedThreadPool(threads);
                }
                current = exchanges;
            }
        }
        return current;
    }

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
        if (exchanges != null) {
            exchanges.shutdownNow();
        }
        if (client != null) {
            client.close();
        }
    }
}
