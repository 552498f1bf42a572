package dev.iotpaymerchant.orders.boundary;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.CompletionCallback;
import jakarta.ws.rs.container.ConnectionCallback;

import dev.iotpaymerchant.access.control.Caller;
import dev.iotpaymerchant.orders.control.OrderView;
import dev.iotpaymerchant.orders.control.PaymentOrders;
import dev.iotpaymerchant.orders.control.StatusWaits;
import dev.iotpaymerchant.orders.entity.OrderStatus;
import dev.iotpaymerchant.platform.http.boundary.ClientDisconnects;
import dev.iotpaymerchant.platform.http.boundary.ProblemException;

/**
 * A status long-poll ({@code GET /api/orders/{no}?wait=&known=}) held for its caller in {@link StatusWaits},
 * within the caller's share of the node's waits, and let go as soon as it is answered, its wait ends, or its
 * client goes away; whichever comes first frees the slot. Neither Payara 6 nor WildFly 38 reports a client
 * that closed its connection during the wait through the standard callbacks (a JAX-RS {@link ConnectionCallback},
 * an {@link AsyncListener}'s {@code onError}): both stop reading the connection while the request is held
 * (ADR 0021). So {@link ClientDisconnects} watches the socket itself and ends the wait within about a second
 * of the close; the standard callbacks stay registered for a server that does report it. Where the socket
 * cannot be watched (another server, TLS ended by the server, a request pipelined behind the wait), the slot
 * is freed when the wait ends (30 s at most), and until then counts against its own caller's share only.
 */
@ApplicationScoped
public class StatusLongPoll {

    @Inject
    StatusWaits waits;

    @Inject
    PaymentOrders orders;

    @Inject
    Caller caller;

    @Inject
    ClientDisconnects disconnects;

    /** Holds {@code async} until order {@code mchOrderNo} leaves {@code known} or {@code wait} ends; or refuses it. */
    void start(AsyncResponse async, HttpServletRequest http, String mchOrderNo, OrderStatus known, Duration wait) {
        // Set up before the wait is held: the scheduler may answer it (and end the suspension) at once.
        AtomicReference<StatusWaits.Hold> held = new AtomicReference<>();
        // A safety net only: the waits answer at the end of the wait themselves.
        async.setTimeout(wait.plus(StatusWaits.TICK.multipliedBy(4)).toMillis(), TimeUnit.MILLISECONDS);
        async.setTimeoutHandler(timedOut -> {
            Optional.ofNullable(held.get()).ifPresent(StatusWaits.Hold::release);
            timedOut.resume(currentAnswer(mchOrderNo));
        });
        StatusWaits.Hold hold = waits.hold(caller.rateKey(), mchOrderNo, known, wait,
                () -> async.resume(currentAnswer(mchOrderNo)));
        held.set(hold);
        if (hold.refusal().isPresent()) {
            async.resume(refusal(hold.refusal().get()));
            return;
        }
        Release release = new Release(hold, new AtomicReference<>());
        async.register(release);
        try {
            if (http.isAsyncStarted()) {
                AsyncContext context = http.getAsyncContext();
                context.addListener(release);
                release.watch().set(disconnects.whenGone(context.getRequest(), () -> gone(async, hold, mchOrderNo)));
            }
        } catch (IllegalStateException answeredAlready) {
            // the wait was answered meanwhile, which freed its slot
        }
        if (async.isDone()) {
            release.end(); // answered before its callbacks were registered: they will not come
        }
    }

    /**
     * Its client went away: the slot is freed, and the wait ends now with the order as it is, so the server
     * lets go of the request and its connection at once (a client that only half-closed still gets it).
     */
    private void gone(AsyncResponse async, StatusWaits.Hold hold, String mchOrderNo) {
        hold.release();
        if (async.isSuspended()) {
            async.resume(currentAnswer(mchOrderNo));
        }
    }

    private static ProblemException refusal(StatusWaits.Refusal refusal) {
        return switch (refusal) {
            case CALLER_FULL -> new ProblemException(429, "too-many-waiting", "Too many status waits",
                    "This caller holds as many status waits on this node as it may (orders.max-waiting-per-caller); "
                    + "let one end, or read without 'wait'.").header("Retry-After", "1");
            case NODE_FULL -> new ProblemException(503, "too-many-waiting", "Too many status waits",
                    "This node holds as many status waits as it may (orders.max-waiting); retry, or read without 'wait'.")
                    .header("Retry-After", "1");
        };
    }

    /** The order as it is now, for a wait that ends; a problem if it cannot be read. */
    private Object currentAnswer(String mchOrderNo) {
        try {
            return orders.find(mchOrderNo).<Object>map(order -> OrderView.answer(order).build().toString())
                    .orElseGet(() -> ProblemException.notFound("There is no order with this number."));
        } catch (RuntimeException e) {
            return new ProblemException(503, "unavailable", "Order status unavailable",
                    "The order could not be read just now; read it again.").header("Retry-After", "1");
        }
    }

    /**
     * Frees the wait's slot, and stops watching its connection (which serves the client's next request), on
     * every way a long-poll can end; ending twice is harmless.
     */
    private record Release(StatusWaits.Hold hold, AtomicReference<ClientDisconnects.Watch> watch)
            implements ConnectionCallback, CompletionCallback, AsyncListener {

        void end() {
            hold.release();
            Optional.ofNullable(watch.get()).ifPresent(ClientDisconnects.Watch::close);
        }

        @Override
        public void onDisconnect(AsyncResponse disconnected) {
            end();
        }

        @Override
        public void onComplete(Throwable failure) {
            end();
        }

        @Override
        public void onComplete(AsyncEvent event) {
            end();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            end();
        }

        @Override
        public void onError(AsyncEvent event) {
            end();
        }

        @Override
        public void onStartAsync(AsyncEvent event) throws IOException {
            event.getAsyncContext().addListener(this); // a listener is dropped when async starts again
        }
    }
}
