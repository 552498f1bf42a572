package dev.iotpaymerchant.iotpay.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.iotpaymerchant.platform.http.Jsons;
import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.platform.observability.Metrics;
import dev.iotpaymerchant.platform.values.LogSafe;

/**
 * The only class that speaks IOTPay's v1 protocol: signs, posts {@code params=<JSON>} as a form,
 * and translates the answer into our own outcome types. Never runs inside a transaction, so no
 * database lock is held while IOTPay is slow.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class IotPayClient {

    private static final Logger LOG = LogFields.logger(IotPayClient.class);
    private static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final String SUCCESS = "SUCCESS";
    private static final String FAIL = "FAIL";
    private static final String ORDER_NOT_FOUND = "0112";

    @Inject
    IotPaySettings settings;

    @Inject
    Metrics metrics;

    @Inject
    GatewayConnection http;

    public CreateOutcome createOrder(NewGatewayOrder order) {
        Map<String, Object> parameters = createParameters(order);
        String operation = order.channel().createPath().substring(1);
        long started = System.nanoTime();
        Answer answer = call(order.channel().createPath(), parameters);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        CreateOutcome outcome = toCreateOutcome(answer, order.channel());
        metrics.iotpayCall(operation, outcomeName(outcome), took);
        LOG.fine(() -> "IOTPay " + operation + " " + order.mchOrderNo() + " (" + order.channel() + ", "
                + order.amount() + " " + order.currency() + "): " + describe(outcome) + " in " + took.toMillis() + " ms");
        return outcome;
    }

    /**
     * The fields IOTPay's "General Order API" (and, for WX_JSAPI, "Payment in WeChat Web Browser")
     * takes for {@code order}'s channel, before signing; empty ones are left out. Package-visible for
     * the request vectors.
     */
    Map<String, Object> createParameters(NewGatewayOrder order) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("mchId", settings.merchantId());
        parameters.put("mchOrderNo", order.mchOrderNo());
        parameters.put("channelId", order.channel().name());
        parameters.put("currency", order.currency());
        parameters.put("amount", order.amount());
        parameters.put("clientIp", order.clientIp());
        parameters.put("notifyUrl", settings.notifyUrl());
        parameters.put("subject", order.subject());
        parameters.put("body", order.body());
        // payForSubmit: IOTPay puts mchOrderNo into param1 itself, and requires it to be left empty.
        parameters.put("param1", order.channel() == PayChannel.WX_JSAPI ? null : order.param1());
        parameters.put("param2", order.param2());
        parameters.put("osType", order.osType());
        parameters.put("returnUrl", order.returnUrl());
        parameters.put("extra", extraFor(order));
        settings.jobNo().ifPresent(jobNo -> parameters.put("jobNo", jobNo));
        return parameters;
    }

    public QueryOutcome queryOrder(String mchOrderNo) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("mchId", settings.merchantId());
        parameters.put("mchOrderNo", mchOrderNo);
        long started = System.nanoTime();
        Answer answer = call("/query_order", parameters);
        QueryOutcome outcome = toQueryOutcome(answer);
        metrics.iotpayCall("query_order", outcomeName(outcome), Duration.ofNanos(System.nanoTime() - started));
        LOG.fine(() -> "IOTPay query_order " + mchOrderNo + ": " + LogSafe.text(outcome.toString()));
        return outcome;
    }

    /**
     * refund_order (IOTPay's "Refund interface", /guide/refund.html): mchId, mchRefundNo, payOrderId,
     * refundAmount, currency, clientIp, loginName (the job number) and channelId, signed by the one signer.
     */
    public RefundOutcome refundOrder(NewGatewayRefund refund) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("mchId", settings.merchantId());
        parameters.put("mchRefundNo", refund.mchRefundNo());
        parameters.put("payOrderId", refund.payOrderId());
        parameters.put("refundAmount", refund.amount());
        parameters.put("currency", refund.currency());
        parameters.put("clientIp", refund.clientIp());
        settings.jobNo().ifPresent(jobNo -> parameters.put("loginName", jobNo));
        parameters.put("channelId", refund.channelId());
        long started = System.nanoTime();
        RefundOutcome outcome = toRefundOutcome(call("/refund_order", parameters), false);
        metrics.iotpayCall("refund_order", refundOutcomeName(outcome), Duration.ofNanos(System.nanoTime() - started));
        LOG.fine(() -> "IOTPay refund_order " + refund.mchRefundNo() + ": " + LogSafe.text(outcome.toString()));
        return outcome;
    }

    /** The refund query ({@code iotpay.refund-query-path}): mchId and mchRefundNo, as docs/iotpay-protocol.md says. */
    public RefundOutcome queryRefund(String mchRefundNo) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("mchId", settings.merchantId());
        parameters.put("mchRefundNo", mchRefundNo);
        long started = System.nanoTime();
        RefundOutcome outcome = toRefundOutcome(call(settings.refundQueryPath(), parameters), true);
        metrics.iotpayCall("query_refund_order", refundOutcomeName(outcome), Duration.ofNanos(System.nanoTime() - started));
        LOG.fine(() -> "IOTPay refund query " + mchRefundNo + ": " + LogSafe.text(outcome.toString()));
        return outcome;
    }

    /**
     * IOTPay's answer to a refund. Read: retCode and resCode (SUCCESS or FAIL), then, when both are
     * SUCCESS, {@code status} (XxPay's refund status: 0 or 1 under way, 2 or 4 succeeded, 3 failed;
     * absent from refund_order's answer means succeeded, as IOTPay's sample client assumes; absent
     * from a query answer means unknown), {@code refundOrderId} and {@code refundSuccTime}. A query
     * answered FAIL (other than "no such refund") is unknown, never a failed refund.
     */
    private static RefundOutcome toRefundOutcome(Answer answer, boolean query) {
        return switch (answer.kind) {
            case UNKNOWN -> query && answer.httpStatus == 404
                    ? new RefundOutcome.QueryUnavailable("the refund query answered HTTP 404")
                    : new RefundOutcome.Unknown(answer.reason);
            case REJECTED -> {
                if (!query) {
                    yield new RefundOutcome.Rejected(answer.code, answer.message);
                }
                // A query that fails (busy, a signature problem) says nothing about the refund itself.
                yield ORDER_NOT_FOUND.equals(answer.code) ? new RefundOutcome.NotFound()
                        : new RefundOutcome.Unknown("IOTPay's refund query failed: " + LogSafe.text(answer.code) + " "
                                + LogSafe.text(answer.message));
            }
            case SUCCESS -> {
                try {
                    JsonNumber status = integer(answer.object, "status");
                    if (status == null && query) {
                        yield new RefundOutcome.Unknown("IOTPay's refund query answer has no status");
                    }
                    RefundOutcome.RefundState state = status == null ? RefundOutcome.RefundState.SUCCEEDED
                            : switch (status.intValueExact()) {
                                case 0, 1 -> RefundOutcome.RefundState.PROCESSING;
                                case 2, 4 -> RefundOutcome.RefundState.SUCCEEDED;
                                case 3 -> RefundOutcome.RefundState.FAILED;
                                default -> throw new IllegalArgumentException("unknown refund status " + status);
                            };
                    JsonNumber succeeded = integer(answer.object, "refundSuccTime");
                    OffsetDateTime at = succeeded == null || succeeded.longValueExact() <= 0 ? null
                            : OffsetDateTime.ofInstant(Instant.ofEpochMilli(succeeded.longValueExact()), ZoneOffset.UTC);
                    yield new RefundOutcome.Known(string(answer.object, "refundOrderId"), state, at);
                } catch (RuntimeException e) {
                    yield new RefundOutcome.Unknown("IOTPay's refund answer is malformed (" + LogSafe.text(e.getMessage()) + ")");
                }
            }
        };
    }

    private static String refundOutcomeName(RefundOutcome outcome) {
        if (outcome instanceof RefundOutcome.Known) {
            return "accepted";
        }
        if (outcome instanceof RefundOutcome.Rejected) {
            return "rejected";
        }
        if (outcome instanceof RefundOutcome.NotFound) {
            return "not_found";
        }
        return outcome instanceof RefundOutcome.QueryUnavailable ? "unavailable" : "unknown";
    }

    /**
     * WeChat's app SDK needs the merchant's WeChat app id, and a WX_NATIVE code the product it is
     * for (IOTPay's "Customer Scan QR Code"), each as JSON text in {@code extra}.
     */
    private String extraFor(NewGatewayOrder order) {
        return switch (order.channel()) {
            case WX_APP -> Jsons.object().add("type", "apppay").add("appId", settings.wechatAppId()).build().toString();
            case WX_NATIVE -> Jsons.object()
                    .add("productId", order.productId() == null ? order.mchOrderNo() : order.productId())
                    .build().toString();
            default -> null;
        };
    }

    /** Posts {@code params=<signed JSON>} to the API URL + {@code path}. */
    private Answer call(String path, Map<String, Object> parameters) {
        String key = settings.merchantKey();
        String previous = settings.merchantKeyPrevious().orElse(null);
        Form form = new Form().param("params", signedParams(parameters, key));

        Entity<Form> entity = Entity.entity(form, MediaType.APPLICATION_FORM_URLENCODED_TYPE.withCharset("UTF-8"));
        Duration deadline = settings.iotpayDeadline();
        return http.within(deadline, () -> exchange(path, entity, key, previous),
                () -> Answer.unknown("IOTPay did not give a whole answer within " + deadline.toMillis() + " ms"));
    }

    /**
     * The {@code params} IOTPay receives: every non-null parameter as JSON (amounts as integers, the
     * rest as text), then {@code sign} over them. Package-visible for the request vectors.
     */
    static String signedParams(Map<String, Object> parameters, String key) {
        Map<String, String> text = new LinkedHashMap<>();
        JsonObjectBuilder json = Jsons.object();
        parameters.forEach((name, value) -> {
            if (value instanceof Long number) {
                json.add(name, number.longValue()); // amounts travel as JSON integers
                text.put(name, number.toString());
            } else if (value != null) {
                json.add(name, value.toString());
                text.put(name, value.toString());
            }
        });
        json.add(IotPaySigner.SIGN, IotPaySigner.sign(text, key));
        return json.build().toString();
    }

    /** One HTTP exchange with IOTPay; run by {@link GatewayConnection#within}, which bounds its total time. */
    private Answer exchange(String path, Entity<Form> entity, String key, String previous) {
        try (Response response = http.client().target(settings.apiUrl().toString() + path)
                .request(MediaType.APPLICATION_JSON_TYPE, MediaType.TEXT_PLAIN_TYPE, MediaType.WILDCARD_TYPE)
                .post(entity)) {
            int status = response.getStatus();
            if (status / 100 == 3) {
                return Answer.unknown("IOTPay answered with a redirect (HTTP " + status + ")");
            }
            if (status != 200) {
                return new Answer(Kind.UNKNOWN, null, null, null, null, "IOTPay answered HTTP " + status, status);
            }
            String body = readBounded(response);
            if (body == null) {
                return Answer.unknown("IOTPay's answer is larger than " + MAX_ANSWER_BYTES + " bytes");
            }
            return parse(body, key, previous);
        } catch (ProcessingException e) {
            return Answer.unknown(describeFailure(e));
        }
    }

    /**
     * IOTPay's answer, checked against the current merchant key, or during a rotation the previous
     * one ({@code previous}, null when none is set). Package-visible for the tests.
     */
    static Answer parse(String body, String key, String previous) {
        JsonObject object;
        try (JsonReader reader = Jsons.reader(new StringReader(body))) {
            object = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            return Answer.unknown("IOTPay's answer is not a JSON object");
        }
        String retCode = string(object, "retCode");
        if (FAIL.equals(retCode)) {
            return Answer.rejected(object, body, null, string(object, "retMsg"));
        }
        if (!SUCCESS.equals(retCode)) {
            return Answer.unknown("IOTPay's answer has no valid retCode");
        }
        // IOTPay does not document response signatures; XxPay signs them. Check one if present.
        if (object.containsKey(IotPaySigner.SIGN)) {
            IotPaySigner.SignedWith signedWith = IotPaySigner.verify(JsonText.of(object), key, previous,
                    IotPaySigner.RESPONSE_EXCLUSIONS);
            if (!signedWith.verified()) {
                return Answer.unknown("IOTPay's answer carries a signature that does not match");
            }
            if (signedWith == IotPaySigner.SignedWith.PREVIOUS) {
                LOG.fine("IOTPay's answer is signed with the previous merchant key (" + IotPaySettings.MERCHANT_KEY_PREVIOUS.key() + ")");
            }
        }
        String resCode = string(object, "resCode");
        if (FAIL.equals(resCode)) {
            return Answer.rejected(object, body, string(object, "errCode"), string(object, "errCodeDes"));
        }
        if (!SUCCESS.equals(resCode)) {
            return Answer.unknown("IOTPay's answer has no valid resCode");
        }
        return new Answer(Kind.SUCCESS, object, body, null, null, null, 200);
    }

    static CreateOutcome toCreateOutcome(Answer answer, PayChannel channel) {
        return switch (answer.kind) {
            case UNKNOWN -> new CreateOutcome.Unknown(answer.reason);
            case REJECTED -> new CreateOutcome.Rejected(answer.code, answer.message);
            case SUCCESS -> {
                String payOrderId = string(answer.object, "payOrderId");
                if (payOrderId == null) {
                    // payForSubmit's page lists no payOrderId; the order is still ours to follow by its number.
                    yield channel == PayChannel.WX_JSAPI ? accepted(answer, channel, null)
                            : new CreateOutcome.Unknown("IOTPay accepted the order but sent no payOrderId");
                }
                yield accepted(answer, channel, payOrderId);
            }
        };
    }

    /** IOTPay accepted: what the payer does next must be in the answer, or the order cannot be paid. */
    private static CreateOutcome accepted(Answer answer, PayChannel channel, String payOrderId) {
        NextAction next;
        try {
            next = nextAction(answer.object, channel);
        } catch (RuntimeException e) {
            next = null;
        }
        if (next == null) {
            return new CreateOutcome.Unknown("IOTPay accepted the order but its answer has no " + nextActionField(channel));
        }
        return new CreateOutcome.Accepted(payOrderId, answer.object.getOrDefault("payParams", JsonValue.NULL), next,
                answer.body);
    }

    /** Where each channel's answer carries what the payer needs (docs/iotpay-protocol.md, Channels). */
    static NextAction nextAction(JsonObject answer, PayChannel channel) {
        return switch (channel) {
            case WX_APP -> sdk("wechat", answer);
            case UPI_APP -> sdk("unionpay", answer);
            case ALIPAY_MOBILE -> sdk("alipay", answer);
            case ALIPAY_WAP, ALIPAY_PC -> redirect(retParam(answer, "alipayUrl"));
            // Online Secure Payment shows only an alipayUrl sample; unionpayUrl is what merchant code reads.
            case UPI_SEQ -> redirect(firstOf(retParam(answer, "unionpayUrl"), retParam(answer, "alipayUrl")));
            // payForSubmit's table says url; IOTPay's older home page calls it payUrl.
            case WX_JSAPI -> redirect(firstOf(string(answer, "url"), string(answer, "payUrl")));
            // No stored page names the QR field: merchant code reads codeUrl (WeChat) and qr_code (the others).
            case WX_NATIVE -> qr(firstOf(string(answer, "codeUrl"), string(answer, "qr_code")));
            case ALIPAY_QR, UPI_QR -> qr(firstOf(string(answer, "qr_code"), string(answer, "codeUrl")));
        };
    }

    /** The first non-empty of the names an undocumented answer may use (docs/iotpay-protocol.md, Channels). */
    private static String firstOf(String preferred, String other) {
        return preferred != null && !preferred.isEmpty() ? preferred : other;
    }

    private static String nextActionField(PayChannel channel) {
        return switch (channel) {
            case WX_APP, UPI_APP, ALIPAY_MOBILE -> "payParams";
            case ALIPAY_WAP, ALIPAY_PC -> "retParams.alipayUrl";
            case UPI_SEQ -> "retParams.unionpayUrl";
            case WX_JSAPI -> "url";
            case WX_NATIVE -> "codeUrl";
            case ALIPAY_QR, UPI_QR -> "qr_code";
        };
    }

    private static NextAction sdk(String sdk, JsonObject answer) {
        JsonValue payParams = answer.get("payParams");
        boolean empty = payParams == null || payParams.getValueType() == JsonValue.ValueType.NULL
                || (payParams instanceof jakarta.json.JsonString text && text.getString().isBlank());
        return empty ? null : new NextAction.Sdk(sdk, payParams);
    }

    /** retParams is documented as an object; a string holding one is read the same. */
    private static String retParam(JsonObject answer, String name) {
        JsonValue retParams = answer.get("retParams");
        if (retParams instanceof jakarta.json.JsonString text) {
            try (JsonReader reader = Jsons.reader(new StringReader(text.getString()))) {
                retParams = reader.readObject();
            }
        }
        return retParams instanceof JsonObject object ? string(object, name) : null;
    }

    /** Only web addresses are handed to a browser: never javascript: or any other scheme. */
    private static NextAction redirect(String url) {
        if (url == null || !(url.startsWith("https://") || url.startsWith("http://")) || url.length() > 2000) {
            return null;
        }
        return new NextAction.Redirect(url);
    }

    private static NextAction qr(String content) {
        return content == null || content.isBlank() || content.length() > 2000 ? null : new NextAction.Qr(content);
    }

    private static QueryOutcome toQueryOutcome(Answer answer) {
        return switch (answer.kind) {
            case UNKNOWN -> new QueryOutcome.Unknown(answer.reason);
            case REJECTED -> ORDER_NOT_FOUND.equals(answer.code)
                    ? new QueryOutcome.NotFound()
                    : new QueryOutcome.Rejected(answer.code, answer.message);
            case SUCCESS -> found(answer.object);
        };
    }

    private static QueryOutcome found(JsonObject order) {
        try {
            QueryOutcome.GatewayState state = QueryOutcome.GatewayState.of(integer(order, "status").intValueExact());
            JsonNumber amount = integer(order, "amount");
            JsonNumber paidAtMillis = integer(order, "paySuccTime");
            OffsetDateTime paidAt = paidAtMillis == null || paidAtMillis.longValueExact() <= 0 ? null
                    : OffsetDateTime.ofInstant(Instant.ofEpochMilli(paidAtMillis.longValueExact()), ZoneOffset.UTC);
            return new QueryOutcome.Found(state, string(order, "payOrderId"), string(order, "channelOrderNo"),
                    amount == null ? -1 : amount.longValueExact(), string(order, "currency"), paidAt);
        } catch (RuntimeException e) {
            return new QueryOutcome.Unknown("IOTPay's order answer is malformed (" + LogSafe.text(e.getMessage()) + ")");
        }
    }

    /** accepted, rejected, not_found or unknown: the metric's outcome tag. */
    private static String outcomeName(Object outcome) {
        if (outcome instanceof CreateOutcome.Accepted || outcome instanceof QueryOutcome.Found) {
            return "accepted";
        }
        if (outcome instanceof CreateOutcome.Rejected || outcome instanceof QueryOutcome.Rejected) {
            return "rejected";
        }
        return outcome instanceof QueryOutcome.NotFound ? "not_found" : "unknown";
    }

    private static String describe(CreateOutcome outcome) {
        if (outcome instanceof CreateOutcome.Accepted accepted) {
            return "accepted as " + accepted.payOrderId();
        }
        if (outcome instanceof CreateOutcome.Rejected rejected) {
            return "rejected (" + LogSafe.text(rejected.code()) + ": " + LogSafe.text(rejected.message()) + ")";
        }
        return "unknown (" + ((CreateOutcome.Unknown) outcome).reason() + ")";
    }

    private static String string(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value == null ? null : JsonText.of(value);
    }

    /** Integers may arrive as JSON numbers or as strings of digits. */
    private static JsonNumber integer(JsonObject object, String name) {
        JsonValue value = object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonNumber number) {
            return number;
        }
        return Jsons.number(Long.parseLong(JsonText.of(value).trim()));
    }

    private static String readBounded(Response response) {
        try (InputStream in = response.readEntity(InputStream.class)) {
            byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
            return bytes.length > MAX_ANSWER_BYTES ? null : new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProcessingException(e);
        }
    }

    /** Says what went wrong in words an operator can act on, without exception names. */
    private String describeFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.net.http.HttpTimeoutException) {
                return "IOTPay did not answer within " + settings.readTimeout().toMillis() + " ms";
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException) {
                return "IOTPay could not be reached at " + settings.apiUrl();
            }
        }
        return "The connection to IOTPay failed before an answer arrived";
    }

    enum Kind { SUCCESS, REJECTED, UNKNOWN }

    record Answer(Kind kind, JsonObject object, String body, String code, String message, String reason,
              int httpStatus) {

        static Answer unknown(String reason) {
            return new Answer(Kind.UNKNOWN, null, null, null, null, reason, 0);
        }

        static Answer rejected(JsonObject object, String body, String code, String message) {
            return new Answer(Kind.REJECTED, object, body, code, message, null, 200);
        }
    }
}
