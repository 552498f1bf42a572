package dev.iotpaymerchant.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.ejb.EJBException;

import dev.iotpaymerchant.access.control.Actor;
import dev.iotpaymerchant.checkouts.boundary.CheckoutPayments;
import dev.iotpaymerchant.checkouts.control.CheckoutClosing;
import dev.iotpaymerchant.checkouts.control.CheckoutExpiry;
import dev.iotpaymerchant.checkouts.control.CheckoutRefused;
import dev.iotpaymerchant.checkouts.control.Checkouts;
import dev.iotpaymerchant.checkouts.control.NewCheckout;
import dev.iotpaymerchant.checkouts.entity.Checkout;
import dev.iotpaymerchant.events.control.PaymentEvents;
import dev.iotpaymerchant.events.entity.EventType;
import dev.iotpaymerchant.fulfilment.control.Dispatcher;
import dev.iotpaymerchant.idempotency.boundary.IdempotentRequest;
import dev.iotpaymerchant.idempotency.boundary.IdempotentRequests;
import dev.iotpaymerchant.idempotency.control.IdempotencyKeys;
import dev.iotpaymerchant.iotpay.control.PayChannel;
import dev.iotpaymerchant.notifications.control.PaymentNotifications;
import dev.iotpaymerchant.orders.boundary.OrdersResource;
import dev.iotpaymerchant.orders.control.NewOrder;
import dev.iotpaymerchant.orders.control.OrderSweep;
import dev.iotpaymerchant.orders.control.OrderView;
import dev.iotpaymerchant.orders.control.PaymentMethod;
import dev.iotpaymerchant.platform.http.boundary.ProblemException;
import dev.iotpaymerchant.refunds.control.RefundRefused;
import dev.iotpaymerchant.refunds.control.RefundSweep;
import dev.iotpaymerchant.refunds.control.RefundView;
import dev.iotpaymerchant.refunds.control.Refunding;
import dev.iotpaymerchant.refunds.entity.Refund;
import dev.iotpaymerchant.refunds.entity.RefundStatus;

/**
 * One checkout, its attempts and their refunds, driven through the application's real beans as its
 * endpoints, timers and observers drive them, on one node that may crash at any commit and restart. What
 * each request answered under an Idempotency-Key is kept, to check that the same key gives the same answer.
 */
final class Shop {

    static final long PRICE = 1000;

    final MovingClock clock = new MovingClock();
    final ScriptedIotPay iotpay = new ScriptedIotPay(Node.MERCHANT_ID, Node.MERCHANT_KEY, clock);
    final Map<String, IdempotentRequests.Answer> answers = new HashMap<>();
    final List<String> log = new ArrayList<>();
    /** Each time a sweep asked IOTPay about a refund it no longer held a claim on ({@link ClaimWatch}). */
    final List<String> outsideClaims = new ArrayList<>();
    final Dispatching dispatching = new Dispatching();
    Node node;
    String checkoutId;

    Shop() {
        Database.empty();
        node = new Node(Database.factory(), clock, iotpay, dispatching);
        Checkouts.Created created = node.get(Checkouts.class).create(new NewCheckout(PRICE, "CAD", "Tea", "A pot of tea",
                null, null, Duration.ofMinutes(30), Map.of("basket", "b-1"), null, null), Optional.empty());
        checkoutId = created.checkout().getCheckoutId();
    }

    /** The attempts of the checkout, oldest first, as stored. */
    List<String> attempts() {
        return Books.column("SELECT mch_order_no FROM payment_order WHERE checkout_id = '" + checkoutId + "' ORDER BY id");
    }

    /** The {@code index}-th attempt (wrapping), if there is any. */
    Optional<String> attempt(int index) {
        List<String> attempts = attempts();
        return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.get(index % attempts.size()));
    }

    /** {@code POST /api/checkouts/{id}/payments}, with Idempotency-Key {@code key} (null: none), as its endpoint runs it. */
    String pay(String key, ScriptedIotPay.Fault fault) {
        iotpay.fault(fault);
        return answered(() -> {
            CheckoutPayments payments = node.get(CheckoutPayments.class);
            Checkout checkout = payments.visible(checkoutId);
            NewOrder request = payments.order(checkout, PaymentMethod.of(PayChannel.ALIPAY_QR), "192.0.2.7");
            Runnable rules = () -> payments.requireOpen(checkout);
            if (key == null) {
                rules.run();
                return created(payments.pay(checkout, request, Optional.empty()).order()).status() + "";
            }
            IdempotentRequest idempotent = new IdempotentRequest("pay:" + key,
                    IdempotencyKeys.hash("checkout\u0000" + checkoutId + "\u0000" + request.meaning()), "order",
                    "mchOrderNo", Duration.ofMinutes(2), OrdersResource::outcomeUnknown, named -> Optional.empty());
            return keyed(key, () -> node.get(IdempotentRequests.class).run(idempotent, rules,
                    claim -> created(payments.pay(checkout, request, Optional.of(claim)).order())));
        });
    }

    /** {@code POST /api/orders/{no}/refunds} under Idempotency-Key {@code key}, as its endpoint runs it. */
    String refund(String mchOrderNo, long amount, String key, ScriptedIotPay.Fault fault) {
        iotpay.fault(fault);
        IdempotentRequest idempotent = new IdempotentRequest("refund:" + key,
                IdempotencyKeys.hash("refund\u0000" + mchOrderNo + "\u0000" + amount), "refund", "refundNo",
                Duration.ofMinutes(2), named -> Optional.empty(), refundNo -> Optional.of(IdempotentRequests.Answer.of(
                        new ProblemException(504, "refund-outcome-unknown", "Refund outcome unknown", "Poll it.")
                                .with("refundNo", refundNo))));
        return keyed(key, () -> node.get(IdempotentRequests.class).run(idempotent, () -> { }, claim -> {
            Refunding.Sent sent;
            try {
                sent = node.get(Refunding.class).refund(mchOrderNo, amount, "model", "192.0.2.7",
                        Actor.system("model"), claim);
            } catch (RefundRefused refused) {
                throw new ProblemException(409, "refund-refused", "Refused", refused.reason().name());
            }
            Refund refund = sent.refund();
            if (refund.getStatus() == RefundStatus.FAILED) {
                throw new ProblemException(502, "refund-rejected", "Rejected", "IOTPay refused it")
                        .with("refundNo", refund.getRefundNo());
            }
            return new IdempotentRequests.Answer(201, "application/json", RefundView.of(refund).toString(), null);
        }));
    }

    /** IOTPay's notification for {@code mchOrderNo}, as the notify endpoint hands it over. */
    String notify(String mchOrderNo, long amount, String signingKey) {
        return answered(() -> node.get(PaymentNotifications.class)
                .receive(iotpay.notification(mchOrderNo, amount, signingKey), "192.0.2.1").outcome().name());
    }

    String sweep(ScriptedIotPay.Fault fault) {
        iotpay.fault(fault);
        return answered(() -> "asked " + node.get(OrderSweep.class).sweep());
    }

    String refundSweep(ScriptedIotPay.Fault fault) {
        iotpay.fault(fault);
        iotpay.onRefundQuery = refundNo -> ClaimWatch.refundAskedOutsideItsClaim(refundNo, clock.instant()).ifPresent(outsideClaims::add);
        try {
            return answered(() -> "asked " + node.get(RefundSweep.class).sweep());
        } finally {
            iotpay.onRefundQuery = refundNo -> { };
        }
    }

    String expire() {
        return answered(() -> "expired " + node.get(CheckoutExpiry.class).expireDue());
    }

    String cancel() {
        return answered(() -> node.get(CheckoutClosing.class).cancel(checkoutId).getStatus().name());
    }

    /**
     * Delivers the checkout's events not yet delivered to the application's own observer of them
     * ({@code CheckoutFollowUp}): a paid checkout's other attempts close, an extra payment is refunded.
     */
    String followUp() {
        iotpay.fault(ScriptedIotPay.Fault.ANSWER);
        StringBuilder done = new StringBuilder();
        for (String[] event : Books.rows("SELECT event_id, type, payload FROM payment_event ORDER BY id", 3)) {
            EventType type = EventType.ofWireName(event[1]).orElseThrow();
            if (dispatching.followedUpBy.containsKey(event[0])
                    || (type != EventType.CHECKOUT_PAID && type != EventType.CHECKOUT_OVERPAID)) {
                continue;
            }
            Object observed = PaymentEvents.of(event[0], type, Books.json(event[2]));
            done.append(answered(() -> {
                FollowUps.deliver(node, observed);
                return type.wireName() + " ";
            }));
            dispatching.followedUpBy.put(event[0], "shop");
        }
        return done.toString();
    }

    /**
     * The dispatcher's run on this node (as its timer or a commit wakes it): the due events to the observers
     * ({@link Dispatching.Observers}), the outcomes recorded as {@code recording} lets the node.
     */
    String dispatch(Dispatching.Recording recording) {
        iotpay.fault(ScriptedIotPay.Fault.ANSWER);
        dispatching.begin(recording);
        String did = answered(() -> {
            try {
                return "delivered " + node.get(Dispatcher.class).dispatch();
            } catch (Transactions.Crash crash) {
                dispatching.crashed();
                throw crash;
            }
        });
        return did + dispatching.did();
    }

    /** Runs {@code other} when business method {@code method} is next called (on another node, as it were). */
    void beforeCall(String method, Runnable other) {
        node.transactions.beforeCall(method, other);
    }

    /** Runs {@code other} while IOTPay handles the next call (on another node, as it were). */
    void whileNextCall(Runnable other) {
        iotpay.whileNextCall(other);
    }

    /** The node crashes at {@code plan}'s commit during what runs next. */
    void crashAt(Transactions.CrashPlan plan) {
        node.transactions.crashAt(plan);
    }

    /** After an operation: a planned crash that did not strike is forgotten (the operation had fewer commits). */
    void endOperation() {
        node.transactions.crashPending();
    }

    /**
     * A request under Idempotency-Key {@code key}: once the key has given an answer, every request with it
     * must get that same answer, whatever has changed since (a replay comes before every other rule).
     */
    private String keyed(String key, Supplier<IdempotentRequests.Outcome> request) {
        return answered(() -> {
            IdempotentRequests.Outcome outcome;
            try {
                outcome = request.get();
            } catch (ProblemException problem) {
                IdempotentRequests.Answer first = answers.get(key);
                if (first != null && problem.status() != 422) { // 422: the same key for another request
                    throw new AssertionError("Idempotency-Key " + key + " answered " + problem.status() + " "
                            + problem.type() + " after it had answered " + first);
                }
                throw problem;
            }
            same(key, outcome.answer());
            return outcome.answer().status() + (outcome.replayed() ? " replayed" : "");
        });
    }

    /**
     * Every answer of a key names the same order or refund; and every answer but "outcome unknown" (504, given
     * while the first request has not finished) is the same answer, byte for byte but for its trace id.
     */
    private void same(String key, IdempotentRequests.Answer answer) {
        IdempotentRequests.Answer first = answers.get(key);
        String named = named(answer);
        if (first != null && named(first) != null && !named(first).equals(named)) {
            throw new AssertionError("Idempotency-Key " + key + " answered " + answer + " after " + first);
        }
        if (answer.status() == 504) {
            answers.putIfAbsent(key, answer);
            return;
        }
        if (first == null || first.status() == 504) {
            answers.put(key, answer);
        } else if (!withoutTrace(first).equals(withoutTrace(answer))) {
            throw new AssertionError("Idempotency-Key " + key + " answered " + answer + " after " + first);
        }
    }

    private static String named(IdempotentRequests.Answer answer) {
        jakarta.json.JsonObject body = Books.json(answer.body());
        return body.containsKey("refundNo") ? body.getString("refundNo")
                : body.containsKey("mchOrderNo") ? body.getString("mchOrderNo") : null;
    }

    private static IdempotentRequests.Answer withoutTrace(IdempotentRequests.Answer answer) {
        jakarta.json.JsonObject body = Books.json(answer.body());
        return new IdempotentRequests.Answer(answer.status(), answer.type(),
                jakarta.json.Json.createObjectBuilder(body).remove("traceId").build().toString(), answer.location());
    }

    /**
     * What an operation came to: its result, a refusal the API answers with (a 4xx or 502/504 problem), or a
     * crash of the node, after which a new node takes over. Anything else is a 500: a failure of the test.
     */
    private String answered(Supplier<String> operation) {
        try {
            return operation.get();
        } catch (ProblemException problem) {
            return problem.status() + " " + problem.type();
        } catch (CheckoutRefused refused) {
            return "refused " + refused.reason();
        } catch (Transactions.Crash crash) {
            node = new Node(Database.factory(), clock, iotpay, dispatching);
            return "CRASH " + crash.getMessage();
        } catch (EJBException e) {
            throw new AssertionError("a 500: " + e, e);
        }
    }

    private static IdempotentRequests.Answer created(dev.iotpaymerchant.orders.entity.PaymentOrder order) {
        return new IdempotentRequests.Answer(201, "application/json", OrderView.answer(order).build().toString(),
                "/api/orders/" + order.getMchOrderNo());
    }
}
