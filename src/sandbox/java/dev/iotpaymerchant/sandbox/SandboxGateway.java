package dev.iotpaymerchant.sandbox;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import dev.iotpaymerchant.iotpay.control.IotPaySettings;

/**
 * An IOTPay v1 look-alike (docs/iotpay-protocol.md) for the quick start and the tests: create_order,
 * payForSubmit and query_order with signature checks and IOTPay's error answers, each online channel's
 * answer, and signed payment notifications with XxPay's retry schedule. It knows the merchant as IOTPay
 * would: by the configured merchant id and key.
 * <p>
 * SDK channels (WX_APP, UPI_APP, ALIPAY_MOBILE) answer the data an app hands to the wallet's SDK. Redirect
 * channels (ALIPAY_WAP, ALIPAY_PC, UPI_SEQ, and WX_JSAPI through payForSubmit) and QR channels (WX_NATIVE,
 * ALIPAY_QR, UPI_QR) answer the address of the sandbox wallet page for the order
 * ({@code /sandbox/wallet/{payOrderId}}, {@link SandboxWalletServlet}), where a person pays or cancels: the
 * redirect goes there, and a QR code holds that address.
 * <p>
 * Signing of the answers: as XxPay, every top-level member but {@code sign} and {@code payParams}, each as
 * the text {@link dev.iotpaymerchant.iotpay.control.JsonText#of(JsonObject)} makes of it. So the nested
 * {@code retParams} object is signed as its compact JSON text ({@code retParams={"alipayUrl":"http://…"}}),
 * which is what our client computes over the object it parsed (IOTPay does not say how it signs nested
 * members: docs/iotpay-protocol.md).
 */
@ApplicationScoped
public class SandboxGateway {

    private static final Logger LOG = Logger.getLogger(SandboxGateway.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What create_order takes; payForSubmit takes WX_JSAPI only. Offline (*_MICROPAY) channels are out of scope. */
    private static final Set<String> CHANNELS = Set.of("WX_APP", "UPI_APP", "ALIPAY_MOBILE", "ALIPAY_WAP", "ALIPAY_PC",
            "UPI_SEQ", "WX_NATIVE", "ALIPAY_QR", "UPI_QR");
    /** Paid inside an app through the wallet's SDK: the only ones the payer pays "by themselves" (auto-pay). */
    private static final Set<String> SDK_CHANNELS = Set.of("WX_APP", "UPI_APP", "ALIPAY_MOBILE");
    private static final String PAY_FOR_SUBMIT = "payForSubmit";
    private static final Set<String> CURRENCIES = Set.of("CAD", "USD", "CNY");

    @Inject
    IotPaySettings merchant;

    @Inject
    SandboxSettings settings;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Map<String, SandboxOrder> orders = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, String> lastTraceparents = new ConcurrentHashMap<>();
    /** The traceparent each order's create_order (or payForSubmit) carried, by mchOrderNo. */
    private final Map<String, String> createTraceparents = new ConcurrentHashMap<>();
    private final AtomicLong createCalls = new AtomicLong();
    private final AtomicLong payForSubmitCalls = new AtomicLong();
    private final AtomicLong queryCalls = new AtomicLong();
    private final AtomicLong refundCalls = new AtomicLong();
    private final Map<String, SandboxRefund> refunds = new ConcurrentHashMap<>();
    /**
     * Notifications go out as IOTPay sends them: HTTP/1.1 form posts. The JDK client's default would
     * offer an h2c upgrade on every new connection, which IOTPay never does.
     */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** An answer to an API call: HTTP status, body, and a Location for redirects. */
    public record Answer(int status, String body, String location) {
    }

    /**
     * A misbehaviour applied to the next call of {@code operation}; {@code seconds} is how long a
     * PROCESSING refund takes to succeed. refund_order also takes LATE: the refund is taken but
     * applied only on {@code POST /sandbox/refunds/{mchRefundNo}/apply}; until then refund_order is
     * answered HTTP 500 and the refund query "no such refund" (0112). PROCESSING with
     * {@code recordOrder} false answers refund_order "under way" but the query "no such refund"
     * until it is applied the same way.
     */
    public record Fault(String operation, FaultMode mode, boolean recordOrder, int seconds) {

        public Fault(String operation, FaultMode mode, boolean recordOrder) {
            this(operation, mode, recordOrder, 0);
        }
    }

    public enum FaultMode {
        REJECT, FAIL, HTTP_500, HTTP_404, GARBAGE, REDIRECT, BAD_SIGN, SLOW, LOSE_NOTIFICATION, PROCESSING, LATE
    }

    public void inject(Fault fault) {
        faults.add(fault);
    }

    /**
     * create_order. {@code walletBase} is the absolute address the wallet pages of this sandbox are found under
     * ({@code …/sandbox/wallet/}); redirect and QR channels answer it followed by the payOrderId.
     */
    public Answer createOrder(Map<String, String> p, String walletBase) {
        createCalls.incrementAndGet();
        return create(p, "create_order", walletBase);
    }

    /**
     * payForSubmit, IOTPay's route for WX_JSAPI (WeChat's browser): returnUrl required, param1 left empty
     * because IOTPay puts the mchOrderNo there in the notification; the answer's {@code url} is where the
     * WeChat browser goes. Faults for it are injected with {@code operation=payForSubmit}.
     */
    public Answer payForSubmit(Map<String, String> p, String walletBase) {
        payForSubmitCalls.incrementAndGet();
        return create(p, PAY_FOR_SUBMIT, walletBase);
    }

    private Answer create(Map<String, String> p, String operation, String walletBase) {
        Optional<Answer> invalid = authenticate(p);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        boolean payForSubmit = PAY_FOR_SUBMIT.equals(operation);
        Optional<String> field = invalidCreateField(p, payForSubmit);
        if (field.isPresent()) {
            return failure("request params[" + field.get() + "] error.");
        }
        Fault fault = nextFault(operation);
        if (fault != null && (fault.mode() == FaultMode.REJECT || fault.mode() == FaultMode.FAIL)) {
            return fault.mode() == FaultMode.FAIL ? failure("system busy, try later")
                    : signed(business("0111", "third party exception"));
        }
        if (orders.containsKey(p.get("mchOrderNo"))) {
            return signed(business("0014", "mchOrderNo already used"));
        }
        boolean record = fault == null || fault.recordOrder();
        Map<String, String> request = new LinkedHashMap<>(p);
        if (payForSubmit) {
            request.put("param1", p.get("mchOrderNo"));
        }
        SandboxOrder order = new SandboxOrder(request, nextPayOrderId());
        String channel = order.channelId();
        if (record) {
            orders.put(order.mchOrderNo(), order);
            if (fault != null && fault.mode() == FaultMode.LOSE_NOTIFICATION) {
                order.loseNotifications();
            }
            int autoPay = settings.autoPaySeconds();
            if (autoPay >= 0 && SDK_CHANNELS.contains(channel)) {
                scheduler.schedule(() -> pay(order.mchOrderNo(), true), autoPay, TimeUnit.SECONDS);
            }
        }
        JsonObjectBuilder ok = success()
                .add("payOrderId", order.payOrderId)
                .add("mchOrderNo", order.mchOrderNo());
        String wallet = walletBase + order.payOrderId;
        switch (channel) {
            case "WX_APP" -> ok.add("payParams", wechatPayParams(p));
            case "ALIPAY_MOBILE" -> ok.add("payParams", alipayOrderString(order));
            case "UPI_APP" -> ok.add("payParams", unionPayParams());
            case "ALIPAY_WAP", "ALIPAY_PC" -> ok.add("retParams", Json.createObjectBuilder().add("alipayUrl", wallet));
            case "UPI_SEQ" -> ok.add("retParams", Json.createObjectBuilder().add("unionpayUrl", wallet));
            case "WX_NATIVE" -> ok.add("codeUrl", wallet);
            case "ALIPAY_QR", "UPI_QR" -> ok.add("qr_code", wallet);
            case "WX_JSAPI" -> ok.add("url", wallet);
            default -> throw new IllegalStateException("channel " + channel + " passed validation");
        }
        return misbehave(fault, signed(ok));
    }

    public Answer queryOrder(Map<String, String> p) {
        queryCalls.incrementAndGet();
        Optional<Answer> invalid = authenticate(p);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        Fault fault = nextFault("query_order");
        if (fault != null && fault.mode() == FaultMode.FAIL) {
            return failure("system busy, try later");
        }
        SandboxOrder order = p.get("mchOrderNo") != null ? orders.get(p.get("mchOrderNo"))
                : orders.values().stream().filter(o -> o.payOrderId.equals(p.get("payOrderId"))).findFirst().orElse(null);
        if (order == null) {
            return misbehave(fault, signed(business("0112", "merchant order id not exist")));
        }
        JsonObjectBuilder found = success()
                .add("payOrderId", order.payOrderId)
                .add("amount", order.paidAmount())
                .add("status", order.status());
        for (String name : List.of("mchId", "mchOrderNo", "channelId", "currency", "clientIp", "device", "subject",
                "body", "param1", "param2", "extra")) {
            found.add(name, order.request.getOrDefault(name, ""));
        }
        if (order.paySuccTime() > 0) {
            found.add("paySuccTime", order.paySuccTime()).add("channelOrderNo", order.channelOrderNo());
        }
        return misbehave(fault, signed(found));
    }

    /**
     * refund_order, as XxPay does it: signed, for a paid order found by payOrderId, never more than
     * what is left of its payment; a repeated mchRefundNo answers the refund it names.
     */
    public Answer refundOrder(Map<String, String> p) {
        refundCalls.incrementAndGet();
        Optional<Answer> invalid = authenticate(p);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        for (String field : List.of("mchRefundNo", "payOrderId", "refundAmount", "currency", "clientIp")) {
            if (p.get(field) == null || p.get(field).isEmpty()) {
                return failure("request params[" + field + "] error.");
            }
        }
        if (!p.get("refundAmount").matches("[1-9][0-9]{0,11}") || p.get("mchRefundNo").length() > 30) {
            return failure("request params[refundAmount] error.");
        }
        Fault fault = nextFault("refund_order");
        if (fault != null && fault.mode() == FaultMode.FAIL) {
            return signed(business("0111", "third party exception: refund refused by the channel"));
        }
        long now = System.currentTimeMillis();
        SandboxRefund refund;
        synchronized (refunds) {
            SandboxRefund earlier = refunds.get(p.get("mchRefundNo"));
            if (earlier != null) {
                return misbehave(fault, signed(success().addAll(earlier.answer(now))));
            }
            SandboxOrder order = orders.values().stream().filter(o -> o.payOrderId.equals(p.get("payOrderId")))
                    .findFirst().orElse(null);
            if (order == null) {
                return signed(business("0112", "pay order not exist"));
            }
            if (order.status() != SandboxOrder.PAID && order.status() != SandboxOrder.NOTIFIED) {
                return signed(business("0014", "the pay order is not paid"));
            }
            long amount = Long.parseLong(p.get("refundAmount"));
            long refunded = refunds.values().stream().filter(r -> r.payOrderId.equals(order.payOrderId))
                    .filter(SandboxRefund::isApplied).mapToLong(r -> r.amount).sum();
            if (refunded + amount > order.paidAmount()) {
                return signed(business("0014", "refund amount exceeds the refundable amount"));
            }
            long settleAfter = fault != null && fault.mode() == FaultMode.PROCESSING ? fault.seconds() * 1000L : 0;
            refund = new SandboxRefund(p.get("mchRefundNo"), "R" + nextPayOrderId().substring(1), order.payOrderId,
                    amount, now, settleAfter);
            // PROCESSING without recordOrder: taken and answered as under way, yet unknown to the query until applied.
            boolean forgotten = fault != null && fault.mode() == FaultMode.PROCESSING && !fault.recordOrder();
            if (fault == null || fault.recordOrder() || forgotten) {
                refunds.put(refund.mchRefundNo, refund);
                order.refunded(refund);
            }
            if (forgotten) {
                refund.late();
            }
            if (fault != null && fault.mode() == FaultMode.LATE) {
                refund.late();
                return new Answer(500, "<html><body>Internal Server Error</body></html>", null);
            }
        }
        return misbehave(fault, signed(success().addAll(refund.answer(now))));
    }

    /** IOTPay applies a refund it took late (refund_order fault LATE); false when there is none to apply. */
    public boolean applyLateRefund(String mchRefundNo) {
        SandboxRefund refund = refunds.get(mchRefundNo);
        boolean applied = refund != null && refund.apply(System.currentTimeMillis());
        if (applied) {
            LOG.info(() -> "Sandbox: refund " + mchRefundNo + " applied late");
        }
        return applied;
    }

    /** The refund query (XxPay's shape: mchRefundNo or refundOrderId). */
    public Answer queryRefund(Map<String, String> p) {
        Optional<Answer> invalid = authenticate(p);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        Fault fault = nextFault("query_refund_order");
        if (fault != null && fault.mode() == FaultMode.HTTP_404) {
            return new Answer(404, "<html><body>Not Found</body></html>", null);
        }
        if (fault != null && fault.mode() == FaultMode.FAIL) {
            return failure("system busy, try later");
        }
        SandboxRefund refund = p.get("mchRefundNo") != null ? refunds.get(p.get("mchRefundNo"))
                : refunds.values().stream().filter(r -> r.refundOrderId.equals(p.get("refundOrderId"))).findFirst().orElse(null);
        if (refund == null || !refund.isApplied()) {
            return misbehave(fault, signed(business("0112", "refund order not exist")));
        }
        return misbehave(fault, signed(success().addAll(refund.answer(System.currentTimeMillis()))));
    }

    /**
     * Notes the W3C traceparent (or its absence) of the last call to {@code operation} and, for a call that
     * creates order {@code mchOrderNo}, of that order's: a test reads its own order's, not whichever call came last.
     */
    public void received(String operation, String mchOrderNo, String traceparent) {
        String carried = traceparent == null ? "" : traceparent;
        lastTraceparents.put(operation, carried);
        if (mchOrderNo != null && ("create_order".equals(operation) || PAY_FOR_SUBMIT.equals(operation))) {
            createTraceparents.put(mchOrderNo, carried);
        }
    }

    /** The traceparent order {@code mchOrderNo}'s create_order carried ("" for none), if it reached the sandbox. */
    public Optional<String> createTraceparent(String mchOrderNo) {
        return Optional.ofNullable(createTraceparents.get(mchOrderNo));
    }

    /**
     * How many API calls reached the sandbox, so tests can prove that bad input never did; and the
     * traceparent the last call of each kind carried, so they can follow a trace into IOTPay.
     */
    public JsonObject stats() {
        var traceparents = Json.createObjectBuilder();
        new java.util.TreeMap<>(lastTraceparents).forEach(traceparents::add);
        return Json.createObjectBuilder()
                .add("lastTraceparent", traceparents)
                .add("createOrderCalls", createCalls.get())
                .add("payForSubmitCalls", payForSubmitCalls.get())
                .add("queryOrderCalls", queryCalls.get())
                .add("refundOrderCalls", refundCalls.get())
                .build();
    }

    public Optional<SandboxOrder> order(String mchOrderNo) {
        return Optional.ofNullable(orders.get(mchOrderNo));
    }

    /** The order a wallet page is about. */
    public Optional<SandboxOrder> orderByPayOrderId(String payOrderId) {
        return orders.values().stream().filter(o -> o.payOrderId.equals(payOrderId)).findFirst();
    }

    /** The payer pays in their wallet; IOTPay then notifies the merchant (unless the notification is to be lost). */
    public boolean pay(String mchOrderNo, boolean notify) {
        SandboxOrder order = orders.get(mchOrderNo);
        return order != null && pay(mchOrderNo, notify, order.amount);
    }

    /** As {@link #pay(String, boolean)}, but the payer pays {@code paidAmount}, which IOTPay then reports. */
    public boolean pay(String mchOrderNo, boolean notify, long paidAmount) {
        return pay(mchOrderNo, notify, paidAmount, 0);
    }

    /**
     * As {@link #pay(String, boolean, long)}, with the first notification sent {@code delaySeconds} after the
     * payment instead of at once, as a busy IOTPay sends it: a sweep may find the payment first.
     */
    public boolean pay(String mchOrderNo, boolean notify, long paidAmount, int delaySeconds) {
        SandboxOrder order = orders.get(mchOrderNo);
        if (order == null || !order.pay(walletOrderNo(), System.currentTimeMillis(), paidAmount)) {
            return false;
        }
        if (!notify) {
            order.loseNotifications();
        }
        LOG.info(() -> "Sandbox: order " + mchOrderNo + " paid by the payer; notifying the merchant"
                + (delaySeconds > 0 ? " in " + delaySeconds + " s" : ""));
        if (delaySeconds > 0) {
            scheduler.schedule(() -> deliver(order, 1), delaySeconds, TimeUnit.SECONDS);
        } else {
            deliver(order, 1);
        }
        return true;
    }

    /**
     * The gateway's own books, read-only: every order it holds (what was paid, its status) with every
     * refund it took ({@code applied} false while a LATE one is not). Tests compare the merchant's books with it.
     */
    public jakarta.json.JsonArray books() {
        var books = Json.createArrayBuilder();
        orders.values().stream().sorted(java.util.Comparator.comparing(SandboxOrder::mchOrderNo))
                .forEach(order -> books.add(order.toJson()));
        return books.build();
    }

    public boolean cancel(String mchOrderNo) {
        SandboxOrder order = orders.get(mchOrderNo);
        return order != null && order.cancel();
    }

    /** IOTPay finishes a refund still under way ({@code PROCESSING}) now; false if there is no such refund. */
    public boolean completeRefund(String mchRefundNo) {
        SandboxRefund refund = refunds.get(mchRefundNo);
        if (refund == null) {
            return false;
        }
        refund.complete(System.currentTimeMillis());
        return true;
    }

    /** Sends the notification again now (like XxPay's executeNotify), outside the retry schedule. */
    public boolean renotify(String mchOrderNo) {
        SandboxOrder order = orders.get(mchOrderNo);
        if (order == null || order.paySuccTime() == 0) {
            return false;
        }
        scheduler.execute(() -> attempt(order, 0));
        return true;
    }

    private void deliver(SandboxOrder order, int attempt) {
        if (order.losesNotifications()) {
            LOG.info(() -> "Sandbox: the notification for " + order.mchOrderNo() + " is lost, as asked");
            return;
        }
        scheduler.execute(() -> {
            if (!attempt(order, attempt)) {
                List<Duration> delays = settings.retryDelays();
                if (attempt <= delays.size()) {
                    scheduler.schedule(() -> deliver(order, attempt + 1), delays.get(attempt - 1).toMillis(),
                            TimeUnit.MILLISECONDS);
                }
            }
        });
    }

    /** One delivery; true when the merchant answered success. */
    private boolean attempt(SandboxOrder order, int attempt) {
        String form = notificationForm(order);
        String placement = settings.notifyPlacement();
        String url = order.request.get("notifyUrl") + ("body".equals(placement) ? "" : "?" + form);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("query".equals(placement) ? "" : form))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            order.delivered(attempt, response.statusCode(), response.body());
            if ("success".equalsIgnoreCase(response.body().trim())) {
                order.acknowledged();
                return true;
            }
        } catch (Exception e) {
            order.delivered(attempt, 0, e.getClass().getSimpleName());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        return false;
    }

    private String notificationForm(SandboxOrder order) {
        Map<String, String> n = new LinkedHashMap<>();
        n.put("payOrderId", order.payOrderId);
        for (String name : List.of("mchId", "mchOrderNo", "channelId", "currency", "amount", "clientIp", "device",
                "subject", "body", "param1", "param2")) {
            n.put(name, order.request.getOrDefault(name, ""));
        }
        n.put("amount", String.valueOf(order.paidAmount()));
        n.put("status", String.valueOf(order.status() == SandboxOrder.NOTIFIED ? 3 : 2));
        n.put("channelOrderNo", order.channelOrderNo());
        n.put("paySuccTime", String.valueOf(order.paySuccTime()));
        n.put("backType", "2");
        n.put("sign", XxPaySignature.sign(n, merchant.merchantKey(), Set.of()));
        StringBuilder form = new StringBuilder();
        n.forEach((name, value) -> {
            if (form.length() > 0) {
                form.append('&');
            }
            form.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return form.toString();
    }

    private Optional<Answer> authenticate(Map<String, String> p) {
        if (p.get("mchId") == null || p.get("mchId").isEmpty()) {
            return Optional.of(failure("request params[mchId] error."));
        }
        if (!merchant.merchantId().equals(p.get("mchId"))) {
            return Optional.of(failure("Can't found mchInfo[mchId=" + p.get("mchId") + "] record in db."));
        }
        if (!XxPaySignature.verify(p, merchant.merchantKey())) {
            return Optional.of(failure("Verify XX pay sign failed."));
        }
        return Optional.empty();
    }

    private static Optional<String> invalidCreateField(Map<String, String> p, boolean payForSubmit) {
        Map<String, Integer> required = Map.of("mchOrderNo", 30, "channelId", 24, "currency", 3, "amount", 12,
                "clientIp", 32, "notifyUrl", 200, "subject", 64, "body", 256);
        for (Map.Entry<String, Integer> field : required.entrySet()) {
            String value = p.get(field.getKey());
            if (value == null || value.isEmpty() || value.length() > field.getValue()) {
                return Optional.of(field.getKey());
            }
        }
        if (!p.get("amount").matches("[1-9][0-9]*")) {
            return Optional.of("amount");
        }
        if (!CURRENCIES.contains(p.get("currency"))) {
            return Optional.of("currency");
        }
        if (payForSubmit ? !"WX_JSAPI".equals(p.get("channelId")) : !CHANNELS.contains(p.get("channelId"))) {
            return Optional.of("channelId");
        }
        if (p.get("notifyUrl").contains("?")) {
            return Optional.of("notifyUrl");
        }
        for (String optional : List.of("param1", "param2")) {
            if (p.getOrDefault(optional, "").length() > 64) {
                return Optional.of(optional);
            }
        }
        if (payForSubmit && !p.getOrDefault("param1", "").isEmpty()) {
            return Optional.of("param1");
        }
        String returnUrl = p.getOrDefault("returnUrl", "");
        if (returnUrl.isEmpty() ? payForSubmit : !returnUrlValid(returnUrl)) {
            return Optional.of("returnUrl");
        }
        if (p.getOrDefault("extra", "").length() > 512) {
            return Optional.of("extra");
        }
        String channel = p.get("channelId");
        if (("WX_APP".equals(channel) && !wechatExtraValid(p.get("extra")))
                || ("WX_NATIVE".equals(channel) && !productIdValid(p.get("extra")))) {
            return Optional.of("extra");
        }
        if (Set.of("ALIPAY_MOBILE", "ALIPAY_WAP").contains(channel)
                && !Set.of("IOS", "ANDROID").contains(p.getOrDefault("osType", ""))) {
            return Optional.of("osType");
        }
        return Optional.empty();
    }

    /** At most 200 characters (IOTPay's String(200)), an absolute http or https address with a host. */
    private static boolean returnUrlValid(String returnUrl) {
        if (returnUrl.length() > 200) {
            return false;
        }
        try {
            URI uri = new URI(returnUrl);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** WX_NATIVE's extra: {"productId": "…"}, non-empty, at most 32 characters (WeChat's product_id). */
    private static boolean productIdValid(String extra) {
        if (extra == null || extra.isEmpty()) {
            return false;
        }
        try {
            String productId = Json.createReader(new java.io.StringReader(extra)).readObject().getString("productId", "");
            return !productId.isEmpty() && productId.length() <= 32;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean wechatExtraValid(String extra) {
        if (extra == null || extra.isEmpty() || extra.length() > 512) {
            return false;
        }
        try {
            JsonObject json = Json.createReader(new java.io.StringReader(extra)).readObject();
            return "apppay".equals(json.getString("type", "")) && !json.getString("appId", "").isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Fault nextFault(String operation) {
        for (Fault fault : faults) {
            if (fault.operation().equals(operation) && faults.remove(fault)) {
                return fault;
            }
        }
        return null;
    }

    private Answer misbehave(Fault fault, Answer answer) {
        if (fault == null) {
            return answer;
        }
        return switch (fault.mode()) {
            case HTTP_500 -> new Answer(500, "<html><body>Internal Server Error</body></html>", null);
            case GARBAGE -> new Answer(200, "<html>upstream temporarily unavailable", null);
            case REDIRECT -> new Answer(302, "", "https://example.invalid/moved");
            case BAD_SIGN -> new Answer(200, Json.createObjectBuilder(
                    Json.createReader(new java.io.StringReader(answer.body())).readObject())
                    .add("sign", "0123456789ABCDEF0123456789ABCDEF").build().toString(), null);
            case SLOW -> {
                sleep(merchant.readTimeout().plusSeconds(2));
                yield answer;
            }
            default -> answer;
        };
    }

    private static JsonObjectBuilder success() {
        return Json.createObjectBuilder().add("retCode", "SUCCESS").add("retMsg", "").add("resCode", "SUCCESS");
    }

    private static JsonObjectBuilder business(String code, String description) {
        return Json.createObjectBuilder().add("retCode", "SUCCESS").add("retMsg", "").add("resCode", "FAIL")
                .add("errCode", code).add("errCodeDes", description);
    }

    private static Answer failure(String message) {
        return new Answer(200, Json.createObjectBuilder().add("retCode", "FAIL").add("retMsg", message).build().toString(), null);
    }

    private Answer signed(JsonObjectBuilder builder) {
        JsonObject unsigned = builder.build();
        String sign = XxPaySignature.sign(dev.iotpaymerchant.iotpay.control.JsonText.of(unsigned),
                merchant.merchantKey(), Set.of("payParams"));
        return new Answer(200, Json.createObjectBuilder(unsigned).add("sign", sign).build().toString(), null);
    }

    private JsonObject wechatPayParams(Map<String, String> p) {
        JsonObject extra = Json.createReader(new java.io.StringReader(p.get("extra"))).readObject();
        Map<String, String> wx = new LinkedHashMap<>();
        wx.put("appid", extra.getString("appId"));
        wx.put("partnerid", "1900000109");
        wx.put("prepayid", "wx" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("ddHHmmss")) + hex(12));
        wx.put("package", "Sign=WXPay");
        wx.put("noncestr", hex(16));
        wx.put("timestamp", String.valueOf(System.currentTimeMillis() / 1000));
        wx.put("sign", XxPaySignature.sign(wx, "SANDBOXWECHATKEY", Set.of()));
        JsonObjectBuilder json = Json.createObjectBuilder();
        wx.forEach(json::add);
        return json.build();
    }

    /**
     * UPI_APP: the sandbox's stand-in. IOTPay does not document what it answers for UnionPay's app SDK; the
     * SDK itself starts a payment from a 21-digit transaction number (tn) and a mode ("00": production).
     */
    private static JsonObject unionPayParams() {
        StringBuilder tn = new StringBuilder(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss")));
        while (tn.length() < 21) {
            tn.append(RANDOM.nextInt(10));
        }
        return Json.createObjectBuilder().add("tn", tn.toString()).add("mode", "00").build();
    }

    private static String alipayOrderString(SandboxOrder order) {
        String bizContent = Json.createObjectBuilder()
                .add("out_trade_no", order.payOrderId)
                .add("total_amount", (order.amount / 100) + "." + String.format("%02d", order.amount % 100))
                .add("subject", order.request.get("subject"))
                .add("product_code", "QUICK_MSECURITY_PAY")
                .build().toString();
        return "app_id=2021000000000000&biz_content=" + URLEncoder.encode(bizContent, StandardCharsets.UTF_8)
                + "&charset=utf-8&method=alipay.trade.app.pay&sign_type=RSA2&timestamp="
                + URLEncoder.encode(LocalDateTime.now().withNano(0).toString().replace('T', ' '), StandardCharsets.UTF_8)
                + "&version=1.0&sign=" + URLEncoder.encode(hex(64), StandardCharsets.UTF_8);
    }

    private String nextPayOrderId() {
        return "P00" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
                + String.format("%06d", sequence.incrementAndGet() % 1_000_000);
    }

    private static String walletOrderNo() {
        return "4200" + hex(12);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
