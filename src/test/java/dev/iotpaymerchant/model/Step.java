package dev.iotpaymerchant.model;

import java.time.Duration;

import dev.iotpaymerchant.model.ScriptedIotPay.Fault;

/**
 * One generated step on the shop: a request, something IOTPay or the payer does, a timer's run, time
 * passing, or any of these with the node crashing at one of its commits. Each says what it did.
 */
sealed interface Step {

    String run(Shop shop);

    /** A payment attempt, under Idempotency-Key {@code key} (negative: none), IOTPay's create_order meeting {@code fault}. */
    record Pay(int key, Fault fault) implements Step {
        @Override
        public String run(Shop shop) {
            return shop.pay(key < 0 ? null : "k" + key, fault);
        }
    }

    /**
     * A keyed payment so slow to store its order that the client retries with the same key once the first
     * request looks stale, then tries a third time. One key makes one order, and every answer it gives is the same.
     */
    record SlowRetry(int key) implements Step {
        @Override
        public String run(Shop shop) {
            int before = shop.attempts().size();
            String[] retry = new String[1];
            shop.beforeCall("PaymentOrders.register", () -> {
                shop.clock.move(Duration.ofMinutes(3));
                retry[0] = shop.pay("k" + key, Fault.ANSWER);
            });
            String first = shop.pay("k" + key, Fault.ANSWER);
            int made = shop.attempts().size() - before;
            if (made > 1) {
                throw new AssertionError("one Idempotency-Key made " + made + " orders (answers " + first + ", " + retry[0] + ")");
            }
            return first + " / retry " + retry[0] + " / again " + shop.pay("k" + key, Fault.ANSWER);
        }
    }

    /** The payer pays attempt {@code attempt} in the wallet; IOTPay's notification is lost. */
    record PayerPays(int attempt) implements Step {
        @Override
        public String run(Shop shop) {
            return shop.attempt(attempt).map(no -> "paid at IOTPay: " + shop.iotpay.pay(no)).orElse("no attempt");
        }
    }

    /** What reaches the notify endpoint for attempt {@code attempt}. */
    enum Notification { PAID, MISMATCHED_AMOUNT, FORGED, UNKNOWN_ORDER }

    /** A notification: IOTPay's for a payment (the first, a duplicate, a late one), a mismatched, a forged one. */
    record Notify(int attempt, Notification kind) implements Step {
        @Override
        public String run(Shop shop) {
            return switch (kind) {
                case PAID -> shop.attempt(attempt).map(no -> {
                    shop.iotpay.pay(no);
                    return shop.iotpay.orders.containsKey(no) && shop.iotpay.orders.get(no).paid
                            ? shop.notify(no, Shop.PRICE, Node.MERCHANT_KEY) : "not paid at IOTPay";
                }).orElse("no attempt");
                case MISMATCHED_AMOUNT -> shop.attempt(attempt)
                        .map(no -> shop.notify(no, Shop.PRICE + 1, Node.MERCHANT_KEY)).orElse("no attempt");
                case FORGED -> shop.attempt(attempt)
                        .map(no -> shop.notify(no, Shop.PRICE, "a-key-that-is-not-ours")).orElse("no attempt");
                case UNKNOWN_ORDER -> shop.notify("MO" + "0".repeat(20), Shop.PRICE, Node.MERCHANT_KEY);
            };
        }
    }

    /** IOTPay cancels attempt {@code attempt} (if unpaid): its query answers cancelled from now on. */
    record IotPayCancels(int attempt) implements Step {
        @Override
        public String run(Shop shop) {
            shop.attempt(attempt).ifPresent(shop.iotpay::cancel);
            return "cancelled at IOTPay";
        }
    }

    /** The order sweep, each query_order meeting {@code fault}. */
    record Sweep(Fault fault) implements Step {
        @Override
        public String run(Shop shop) {
            return shop.sweep(fault);
        }
    }

    record Wait(int minutes) implements Step {
        @Override
        public String run(Shop shop) {
            shop.clock.move(Duration.ofMinutes(minutes));
            return "now +" + minutes + " min";
        }
    }

    /** The timers that run as time passes, each on every node every few seconds, in no fixed order. */
    enum Timer { ORDER_SWEEP, CHECKOUT_EXPIRY, REFUND_SWEEP }

    /** Time passes and some timers run, in the order given, IOTPay answering each question. */
    record TimePasses(int minutes, java.util.List<Timer> timers) implements Step {
        @Override
        public String run(Shop shop) {
            shop.clock.move(Duration.ofMinutes(minutes));
            StringBuilder did = new StringBuilder("now +" + minutes + " min");
            for (Timer timer : timers) {
                did.append("; ").append(timer).append(": ").append(switch (timer) {
                    case ORDER_SWEEP -> shop.sweep(Fault.ANSWER);
                    case CHECKOUT_EXPIRY -> shop.expire();
                    case REFUND_SWEEP -> shop.refundSweep(Fault.ANSWER);
                });
            }
            return did.toString();
        }
    }

    /** The checkout expiry timer's run. */
    record Expire() implements Step {
        @Override
        public String run(Shop shop) {
            return shop.expire();
        }
    }

    /** The merchant cancels the checkout. */
    record Cancel() implements Step {
        @Override
        public String run(Shop shop) {
            return shop.cancel();
        }
    }

    /** A refund of {@code amount} of attempt {@code attempt}, under key {@code key}, refund_order meeting {@code fault}. */
    record Refund(int attempt, long amount, int key, Fault fault) implements Step {
        @Override
        public String run(Shop shop) {
            return shop.attempt(attempt).map(no -> shop.refund(no, amount, "r" + key, fault)).orElse("no attempt");
        }
    }

    /** Two refunds of one attempt at once: the second is asked for while IOTPay handles the first. */
    record RacingRefunds(int attempt, long first, long second) implements Step {
        @Override
        public String run(Shop shop) {
            return shop.attempt(attempt).map(no -> {
                String[] other = new String[1];
                shop.whileNextCall(() -> other[0] = shop.refund(no, second, "race-b-" + no + first, Fault.ANSWER));
                return shop.refund(no, first, "race-a-" + no + second, Fault.ANSWER) + " / " + other[0];
            }).orElse("no attempt");
        }
    }

    /**
     * Two partial refunds of attempt {@code attempt}, each taken by IOTPay as under way: two refunds that the
     * refund sweep claims in one batch (what a sweep that stalls part-way through needs, #30 point 9).
     */
    record RefundsUnderWay(int attempt) implements Step {
        @Override
        public String run(Shop shop) {
            return shop.attempt(attempt).map(no -> shop.refund(no, 300, "under-way-a-" + no, Fault.PROCESSING) + " / "
                    + shop.refund(no, 300, "under-way-b-" + no, Fault.PROCESSING)).orElse("no attempt");
        }
    }

    /** Two minutes later (a new refund is first asked about after one), the refund sweep, each query meeting {@code fault}. */
    record RefundSweep(Fault fault) implements Step {
        @Override
        public String run(Shop shop) {
            shop.clock.move(Duration.ofMinutes(2));
            return shop.refundSweep(fault);
        }
    }

    /** The checkout's events reach its observer (closing the other attempts, refunding an extra payment). */
    record FollowUp() implements Step {
        @Override
        public String run(Shop shop) {
            return shop.followUp();
        }
    }

    /** The dispatcher's run: the due events to the observers, the outcomes recorded as {@code recording} lets the node. */
    record Dispatch(Dispatching.Recording recording) implements Step {
        @Override
        public String run(Shop shop) {
            return shop.dispatch(recording);
        }
    }

    /** {@code step}, with the node crashing just before (or after) its {@code commit}-th commit. */
    record Crash(Step step, int commit, boolean afterCommit) implements Step {
        @Override
        public String run(Shop shop) {
            shop.crashAt(new Transactions.CrashPlan(commit, afterCommit));
            return step.run(shop);
        }
    }
}
