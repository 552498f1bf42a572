package dev.iotpaymerchant.model;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.lang.reflect.InvocationHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.Response;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.implementation.InvocationHandlerAdapter;

import dev.iotpaymerchant.iotpay.control.GatewayConnection;
import dev.iotpaymerchant.iotpay.control.IotPaySigner;

/**
 * IOTPay as the model tests script it, behind the narrowest seam: the one HTTP connection
 * ({@link GatewayConnection}). The application's real client signs each request and reads each answer;
 * here a JAX-RS client of a few lines hands the signed {@code params} to a gateway that keeps its own books
 * (orders, payments, refunds), and answers as IOTPay does. A scripted fault decides, call by call, whether
 * the call never arrives, arrives but its answer is lost (a timeout after IOTPay acted), or is answered. A
 * call may also let another operation run while it is under way (a race: see {@link #whileNextCall}).
 */
final class ScriptedIotPay extends GatewayConnection {

    /**
     * What happens to a call (FORGETS: IOTPay's refund query no longer knows a refund under way, or never knew it;
     * STALLS: the answer arrives, and then the node stalls for {@link #STALL} before it goes on: a long pause of its
     * JVM, a suspended VM).
     */
    enum Fault { ANSWER, NEVER_ARRIVES, ANSWER_LOST, REFUSE, PROCESSING, FORGETS, STALLS }

    /** Longer than any lease on the claims the model makes, so a stalled node comes back to claims it no longer holds. */
    static final Duration STALL = Duration.ofMinutes(15);

    /** An order as IOTPay holds it. */
    static final class Order {
        final String payOrderId;
        final long amount;
        final String currency;
        boolean paid;
        boolean cancelled;
        long refunded;

        Order(String payOrderId, long amount, String currency) {
            this.payOrderId = payOrderId;
            this.amount = amount;
            this.currency = currency;
        }
    }

    /** A refund as IOTPay holds it: made (money gone back) or still under way. */
    static final class RefundAtGateway {
        final String mchOrderNo;
        final long amount;
        boolean succeeded;
        boolean forgotten;

        RefundAtGateway(String mchOrderNo, long amount) {
            this.mchOrderNo = mchOrderNo;
            this.amount = amount;
        }
    }

    final Map<String, Order> orders = new LinkedHashMap<>();
    final Map<String, RefundAtGateway> refunds = new LinkedHashMap<>();
    private final String merchantId;
    private final String key;
    private final Clock clock;
    private Fault fault = Fault.ANSWER;
    private Runnable duringNextCall;
    /** Told of each refund query, before it is answered. */
    java.util.function.Consumer<String> onRefundQuery = refundNo -> { };
    private int ids;

    ScriptedIotPay(String merchantId, String key, Clock clock) {
        this.merchantId = merchantId;
        this.key = key;
        this.clock = clock;
    }

    /** Every call from now on meets {@code fault}, until it is set again. */
    void fault(Fault fault) {
        this.fault = fault;
    }

    /** Runs {@code other} once, when the next call reaches IOTPay and before IOTPay acts on it. */
    void whileNextCall(Runnable other) {
        this.duringNextCall = other;
    }

    /** The payer pays in the wallet; false when IOTPay would not take it (unknown, cancelled or paid already). */
    boolean pay(String mchOrderNo) {
        Order order = orders.get(mchOrderNo);
        if (order == null || order.paid || order.cancelled) {
            return false;
        }
        order.paid = true;
        return true;
    }

    /** IOTPay (or the payer) cancels an unpaid order. */
    void cancel(String mchOrderNo) {
        Order order = orders.get(mchOrderNo);
        if (order != null && !order.paid) {
            order.cancelled = true;
        }
    }

    /** The notification IOTPay sends for a paid order, signed with {@code signingKey} and carrying {@code amount}. */
    Map<String, String> notification(String mchOrderNo, long amount, String signingKey) {
        Order order = orders.get(mchOrderNo);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("mchId", merchantId);
        p.put("mchOrderNo", mchOrderNo);
        p.put("payOrderId", order == null ? "P-UNKNOWN" : order.payOrderId);
        p.put("channelOrderNo", "C" + mchOrderNo);
        p.put("amount", Long.toString(amount));
        p.put("currency", order == null ? "CAD" : order.currency);
        p.put("status", "2");
        p.put("paySuccTime", Long.toString(clock.millis()));
        p.put("backType", "2");
        p.put(IotPaySigner.SIGN, IotPaySigner.sign(p, signingKey));
        return p;
    }

    @Override
    public <T> T within(Duration deadline, Supplier<T> exchange, Supplier<T> late) {
        Fault now = fault;
        if (duringNextCall != null) {
            Runnable other = duringNextCall;
            duringNextCall = null;
            other.run(); // another request, on another node, while this one is under way
            fault = now;
        }
        if (now == Fault.NEVER_ARRIVES) {
            return late.get();
        }
        T answer = exchange.get();
        if (now == Fault.STALLS) {
            ((MovingClock) clock).move(STALL);
        }
        return now == Fault.ANSWER_LOST ? late.get() : answer;
    }

    @Override
    public Client client() {
        return fake(Client.class, (proxy, method, args) -> {
                    if (!method.getName().equals("target")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    String url = String.valueOf(args[0]);
                    return target(url.substring(url.lastIndexOf('/')));
                });
    }

    private WebTarget target(String path) {
        Invocation.Builder builder = fake(Invocation.Builder.class, (proxy, method, args) -> {
                    if (!method.getName().equals("post")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Form form = (Form) ((Entity<?>) args[0]).getEntity();
                    return response(answer(path, form.asMap().getFirst("params")));
                });
        return fake(WebTarget.class, (proxy, method, args) -> {
                    if (!method.getName().equals("request")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return builder;
                });
    }

    /** IOTPay's books at work: the answer to one signed request. */
    private String answer(String path, String params) {
        JsonObject request;
        try (var reader = Json.createReader(new StringReader(params))) {
            request = reader.readObject();
        }
        Map<String, String> signed = new LinkedHashMap<>();
        request.forEach((name, value) -> signed.put(name, value instanceof jakarta.json.JsonString text
                ? text.getString() : value.toString()));
        if (!IotPaySigner.verify(signed, key, java.util.Set.of())) {
            throw new ProcessingException("the scripted IOTPay got a request with a bad signature");
        }
        return switch (path) {
            case "/create_order" -> create(signed);
            case "/query_order" -> query(signed.get("mchOrderNo"));
            case "/refund_order" -> refund(signed);
            default -> queryRefund(signed.get("mchRefundNo"));
        };
    }

    private String create(Map<String, String> request) {
        if (fault == Fault.REFUSE) {
            return failed("0110", "refused by the script");
        }
        String number = request.get("mchOrderNo");
        Order order = orders.computeIfAbsent(number, n -> new Order("P" + (++ids) + n,
                Long.parseLong(request.get("amount")), request.get("currency")));
        return ok().add("payOrderId", order.payOrderId).add("qr_code", "https://qr.example/" + number).build().toString();
    }

    private String query(String mchOrderNo) {
        Order order = orders.get(mchOrderNo);
        if (order == null) {
            return failed("0112", "no such order");
        }
        int status = order.paid ? 2 : order.cancelled ? 4 : 0;
        JsonObjectBuilder answer = ok().add("status", status).add("payOrderId", order.payOrderId)
                .add("amount", order.amount).add("currency", order.currency).add("channelOrderNo", "C" + mchOrderNo);
        if (order.paid) {
            answer.add("paySuccTime", clock.millis());
        }
        return answer.build().toString();
    }

    private String refund(Map<String, String> request) {
        String refundNo = request.get("mchRefundNo");
        Order order = orders.values().stream().filter(o -> o.payOrderId.equals(request.get("payOrderId"))).findFirst().orElse(null);
        long amount = Long.parseLong(request.get("refundAmount"));
        if (refunds.containsKey(refundNo)) {
            return refunds.get(refundNo).forgotten ? failed("0120", "refund refused") : refundAnswer(refundNo);
        }
        if (fault == Fault.REFUSE || order == null || !order.paid || order.refunded + amount > order.amount) {
            return failed("0120", "refund refused");
        }
        String mchOrderNo = orders.entrySet().stream().filter(e -> e.getValue() == order).findFirst().orElseThrow().getKey();
        RefundAtGateway refund = new RefundAtGateway(mchOrderNo, amount);
        refunds.put(refundNo, refund);
        refund.forgotten = fault == Fault.FORGETS; // answered under way, never known to the refund query, never made
        order.refunded += refund.forgotten ? 0 : amount;
        refund.succeeded = fault != Fault.PROCESSING && !refund.forgotten;
        return refundAnswer(refundNo);
    }

    private String queryRefund(String refundNo) {
        onRefundQuery.accept(refundNo);
        RefundAtGateway refund = refunds.get(refundNo);
        if (refund != null && !refund.succeeded && fault == Fault.FORGETS) {
            refund.forgotten = true; // IOTPay's refund query lost it: it is never made, and the money stays
            orders.get(refund.mchOrderNo).refunded -= refund.amount;
        }
        if (refund == null || refund.forgotten) {
            return failed("0112", "no such refund");
        }
        if (fault != Fault.PROCESSING) {
            refund.succeeded = true; // what was under way is done by the next look
        }
        return refundAnswer(refundNo);
    }

    private String refundAnswer(String refundNo) {
        RefundAtGateway refund = refunds.get(refundNo);
        return ok().add("refundOrderId", "R" + refundNo).add("status", refund.succeeded ? 2 : 1).build().toString();
    }

    private static JsonObjectBuilder ok() {
        return Json.createObjectBuilder().add("retCode", "SUCCESS").add("resCode", "SUCCESS");
    }

    private static String failed(String code, String message) {
        return ok().add("resCode", "FAIL").add("errCode", code).add("errCodeDes", message).build().toString();
    }

    private static final Map<Class<?>, Class<?>> FAKES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * An object of {@code type} whose abstract methods go to {@code handler}. Made with Byte Buddy, not a
     * java.lang.reflect.Proxy: a proxy initializes every type its methods name, and some JAX-RS types need a
     * JAX-RS implementation to initialize, which these tests do without.
     */
    private static <T> T fake(Class<T> type, InvocationHandler handler) {
        Class<?> fake = FAKES.computeIfAbsent(type, t -> new ByteBuddy().subclass(t)
                .defineField("handler", InvocationHandler.class, Visibility.PUBLIC)
                .method(isAbstract()).intercept(InvocationHandlerAdapter.toField("handler"))
                .make().load(ScriptedIotPay.class.getClassLoader()).getLoaded());
        try {
            Object made = fake.getDeclaredConstructor().newInstance();
            fake.getField("handler").set(made, handler);
            return type.cast(made);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 200 whose body is {@code body}: all the client reads of a response. */
    private static Response response(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return fake(Response.class, (proxy, method, args) -> switch (method.getName()) {
            case "getStatus" -> 200;
            case "readEntity" -> new ByteArrayInputStream(bytes);
            case "close" -> null;
            default -> throw new UnsupportedOperationException(method.getName());
        });
    }
}
