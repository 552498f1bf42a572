package dev.iotpaymerchant.iotpay.control;

import static dev.iotpaymerchant.iotpay.control.AnswerFields.string;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
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
 * The only class that speaks IOTPay's v1 protocol on the wire: signs, posts {@code params=<JSON>} as a
 * form within a total deadline, reads a bounded answer and checks its envelope; {@link IotPayOutcomes}
 * says what the answer means in our own outcome types. Never runs inside a transaction, so no
 * database lock is held while IOTPay is slow.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class IotPayClient {

    private static final Logger LOG = LogFields.logger(IotPayClient.class);
    private static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final String SUCCESS = "SUCCESS";
    private static final String FAIL = "FAIL";

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
        GatewayAnswer answer = call(order.channel().createPath(), parameters);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        CreateOutcome outcome = IotPayOutcomes.toCreateOutcome(answer, order.channel());
        metrics.iotpayCall(operation, OutcomeNames.orderTag(outcome), took);
        LOG.fine(() -> "IOTPay " + operation + " " + order.mchOrderNo() + " (" + order.channel() + ", "
                + order.amount() + " " + order.currency() + "): " + OutcomeNames.describe(outcome) + " in "
                + took.toMillis() + " ms");
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
        GatewayAnswer answer = call("/query_order", parameters);
        QueryOutcome outcome = IotPayOutcomes.toQueryOutcome(answer);
        metrics.iotpayCall("query_order", OutcomeNames.orderTag(outcome),
                Duration.ofNanos(System.nanoTime() - started));
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
        RefundOutcome outcome = IotPayOutcomes.toRefundOutcome(call("/refund_order", parameters), false);
        metrics.iotpayCall("refund_order", OutcomeNames.refundTag(outcome),
                Duration.ofNanos(System.nanoTime() - started));
        LOG.fine(() -> "IOTPay refund_order " + refund.mchRefundNo() + ": " + LogSafe.text(outcome.toString()));
        return outcome;
    }

    /** The refund query ({@code iotpay.refund-query-path}): mchId and mchRefundNo, as docs/iotpay-protocol.md says. */
    public RefundOutcome queryRefund(String mchRefundNo) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("mchId", settings.merchantId());
        parameters.put("mchRefundNo", mchRefundNo);
        long started = System.nanoTime();
        RefundOutcome outcome = IotPayOutcomes.toRefundOutcome(call(settings.refundQueryPath(), parameters), true);
        metrics.iotpayCall("query_refund_order", OutcomeNames.refundTag(outcome),
                Duration.ofNanos(System.nanoTime() - started));
        LOG.fine(() -> "IOTPay refund query " + mchRefundNo + ": " + LogSafe.text(outcome.toString()));
        return outcome;
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
    private GatewayAnswer call(String path, Map<String, Object> parameters) {
        String key = settings.merchantKey();
        String previous = settings.merchantKeyPrevious().orElse(null);
        Form form = new Form().param("params", signedParams(parameters, key));

        Entity<Form> entity = Entity.entity(form, MediaType.APPLICATION_FORM_URLENCODED_TYPE.withCharset("UTF-8"));
        Duration deadline = settings.iotpayDeadline();
        return http.within(deadline, () -> exchange(path, entity, key, previous),
                () -> GatewayAnswer.unknown("IOTPay did not give a whole answer within " + deadline.toMillis() + " ms"));
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
    private GatewayAnswer exchange(String path, Entity<Form> entity, String key, String previous) {
        try (Response response = http.client().target(settings.apiUrl().toString() + path)
                .request(MediaType.APPLICATION_JSON_TYPE, MediaType.TEXT_PLAIN_TYPE, MediaType.WILDCARD_TYPE)
                .post(entity)) {
            int status = response.getStatus();
            if (status / 100 == 3) {
                return GatewayAnswer.unknown("IOTPay answered with a redirect (HTTP " + status + ")");
            }
            if (status != 200) {
                return new GatewayAnswer(GatewayAnswer.Kind.UNKNOWN, null, null, null, null,
                        "IOTPay answered HTTP " + status, status);
            }
            String body = readBounded(response);
            if (body == null) {
                return GatewayAnswer.unknown("IOTPay's answer is larger than " + MAX_ANSWER_BYTES + " bytes");
            }
            return parse(body, key, previous);
        } catch (ProcessingException e) {
            return GatewayAnswer.unknown(describeFailure(e));
        }
    }

    /**
     * IOTPay's answer, checked against the current merchant key, or during a rotation the previous
     * one ({@code previous}, null when none is set). Package-visible for the tests.
     */
    static GatewayAnswer parse(String body, String key, String previous) {
        JsonObject object;
        try (JsonReader reader = Jsons.reader(new StringReader(body))) {
            object = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            return GatewayAnswer.unknown("IOTPay's answer is not a JSON object");
        }
        String retCode = string(object, "retCode");
        if (FAIL.equals(retCode)) {
            return GatewayAnswer.rejected(object, body, null, string(object, "retMsg"));
        }
        if (!SUCCESS.equals(retCode)) {
            return GatewayAnswer.unknown("IOTPay's answer has no valid retCode");
        }
        // IOTPay does not document response signatures; XxPay signs them. Check one if present.
        if (object.containsKey(IotPaySigner.SIGN)) {
            IotPaySigner.SignedWith signedWith = IotPaySigner.verify(JsonText.of(object), key, previous,
                    IotPaySigner.RESPONSE_EXCLUSIONS);
            if (!signedWith.verified()) {
                return GatewayAnswer.unknown("IOTPay's answer carries a signature that does not match");
            }
            if (signedWith == IotPaySigner.SignedWith.PREVIOUS) {
                LOG.fine("IOTPay's answer is signed with the previous merchant key (" + IotPaySettings.MERCHANT_KEY_PREVIOUS.key() + ")");
            }
        }
        String resCode = string(object, "resCode");
        if (FAIL.equals(resCode)) {
            return GatewayAnswer.rejected(object, body, string(object, "errCode"), string(object, "errCodeDes"));
        }
        if (!SUCCESS.equals(resCode)) {
            return GatewayAnswer.unknown("IOTPay's answer has no valid resCode");
        }
        return new GatewayAnswer(GatewayAnswer.Kind.SUCCESS, object, body, null, null, null, 200);
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
}
