package dev.iotpaymerchant.platform.http.boundary;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.ServletRequest;

import dev.iotpaymerchant.platform.observability.LogFields;

/**
 * Tells when the client of a held (asynchronous) request has closed its connection, which neither Payara
 * nor WildFly tells the application: both stop reading a connection while its request is held, so they see
 * the close only when they write the answer (ADR 0021). One selector of our own watches those sockets
 * (found by {@link ServerSockets}) for readability, every {@link #POLL}, and never reads, writes or closes
 * them, so the server's own handling of the connection is unchanged. Readable with nothing to read is the
 * end of the stream (FIN) or a reset: the client has gone. Readable with bytes waiting is a next request
 * sent ahead (pipelining) or TLS: the watch stops there, and the request ends its own way. A client whose
 * network vanished sends nothing, and is not seen before the server writes to it.
 */
@ApplicationScoped
public class ClientDisconnects {

    /** How often the watched sockets are looked at: the most a close waits to be seen, plus one poll to start watching. */
    static final Duration POLL = Duration.ofMillis(250);
    private static final Logger LOG = LogFields.logger(ClientDisconnects.class);

    @Resource
    ManagedScheduledExecutorService scheduler;

    /** Watches to register, on the polling thread only: a socket's previous key is forgotten by its selectNow. */
    private final Queue<Watch> starting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean saidWhyNot = new AtomicBoolean();
    private Selector selector;
    private ScheduledFuture<?> polling;

    /** One socket watched for one request; {@link #close} when the request ends, which a connection outlives. */
    public static final class Watch implements AutoCloseable {

        private static final Watch NONE = new Watch(null, () -> { });
        private final SocketChannel socket;
        private final Runnable gone;
        private volatile boolean ended;
        private volatile SelectionKey key;

        private Watch(SocketChannel socket, Runnable gone) {
            this.socket = socket;
            this.gone = gone;
        }

        /** Stops watching (its request ended, the connection may serve the next one); idempotent, from any thread. */
        @Override
        public void close() {
            ended = true;
            SelectionKey registered = key;
            if (registered != null) {
                registered.cancel();
            }
        }

        /** False when the socket's previous watch is not forgotten yet: then again at the next poll. */
        private boolean register(Selector selector) {
            if (ended) {
                return true;
            }
            try {
                key = socket.register(selector, SelectionKey.OP_READ, this);
            } catch (CancelledKeyException previousWatchNotForgotten) {
                return false;
            } catch (ClosedChannelException | IllegalBlockingModeException serverClosedOrChangedIt) {
                return true; // the server ended the request itself and says so through its own callbacks
            }
            if (ended) {
                key.cancel();
            }
            return true;
        }

        /** Readable: gone, unless bytes wait to be read (they belong to the server); watched no longer either way. */
        private boolean isGone(SelectionKey readable) {
            readable.cancel();
            if (ended) {
                return false;
            }
            try {
                ended = socket.socket().getInputStream().available() == 0;
            } catch (IOException reset) {
                ended = true;
            }
            return ended;
        }
    }

    /**
     * Watches the connection of {@code request} (the servlet container's, as its {@code AsyncContext} gives
     * it) and runs {@code gone} on a scheduler thread, once, when its client closes it. Where the server's
     * socket cannot be found, watches nothing (said once in the log): the request then ends its own way.
     */
    public Watch whenGone(ServletRequest request, Runnable gone) {
        SocketChannel socket;
        try {
            socket = ServerSockets.of(request);
        } catch (UnsupportedOperationException e) {
            if (saidWhyNot.compareAndSet(false, true)) {
                LOG.log(Level.INFO, "Some held requests are not watched for their client going away, and end their own way"
                        + " (said once): " + e.getMessage());
            }
            return Watch.NONE;
        }
        return watch(socket, gone);
    }

    /** Watches {@code socket} (non-blocking, the server's) for {@code gone}. */
    Watch watch(SocketChannel socket, Runnable gone) {
        Watch watch = new Watch(socket, gone);
        starting.add(watch);
        startPolling();
        return watch;
    }

    private synchronized void startPolling() {
        if (polling == null) {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot open a selector to watch for clients that go away", e);
            }
            polling = scheduler.scheduleWithFixedDelay(this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One look at every watched socket, then the new watches; never throws, so the schedule goes on. */
    void poll() {
        try {
            selector.selectNow(); // also forgets ended watches, and lets the server's closed sockets really close
            for (Iterator<SelectionKey> ready = selector.selectedKeys().iterator(); ready.hasNext();) {
                SelectionKey key = ready.next();
                ready.remove();
                Watch watch = (Watch) key.attachment();
                if (watch.isGone(key)) {
                    scheduler.execute(() -> tell(watch));
                }
            }
            List<Watch> later = new ArrayList<>();
            for (Watch watch = starting.poll(); watch != null; watch = starting.poll()) {
                if (!watch.register(selector)) {
                    later.add(watch);
                }
            }
            starting.addAll(later);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Watching for clients that go away failed; trying again in " + POLL.toMillis() + " ms", e);
        }
    }

    private static void tell(Watch watch) {
        try {
            watch.gone.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Acting on a client that went away failed", e);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (polling != null) {
            polling.cancel(false);
            try {
                selector.close(); // lets go of every socket it still watches
            } catch (IOException e) {
                LOG.log(Level.FINE, "Closing the selector failed", e);
            }
        }
    }
}
