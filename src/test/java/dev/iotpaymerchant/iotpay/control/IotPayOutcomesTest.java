package dev.iotpaymerchant.iotpay.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;

import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import dev.iotpaymerchant.iotpay.control.GatewayAnswer.Kind;
import dev.iotpaymerchant.iotpay.control.QueryOutcome.GatewayState;
import dev.iotpaymerchant.iotpay.control.RefundOutcome.RefundState;
import dev.iotpaymerchant.platform.http.Jsons;

/**
 * What IOTPay's answers mean, from answers as IOTPay sends them (docs/iotpay-protocol.md: the
 * envelope, Channels, Order query, Order status, Refund, Refund query; the sandbox's and XxPay's
 * field names): every outcome of create_order, query_order, refund_order and the refund query, every
 * channel's next action, and answers with fields missing or malformed. Each answer goes through the
 * client's envelope check ({@link IotPayClient#parse}) first, as on the wire.
 */
class IotPayOutcomesTest {

    private static final String KEY = "KEY0123456789ABCDEFGHIJKLMNOPQRS";
    private static final long PAID_MILLIS = 1_767_225_600_123L; // 2026-01-01T00:00:00.123Z
    private static final OffsetDateTime PAID_AT = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 123_000_000, ZoneOffset.UTC);

    /** An answer with no usable envelope, as the client reports a timeout, a redirect or an HTTP error. */
    private static final GatewayAnswer NO_ANSWER = GatewayAnswer.unknown("IOTPay did not answer within 15000 ms");

    // create_order ------------------------------------------------------------------------------------

    /** Each channel's answer as IOTPay (and the sandbox) sends it, and what the payer is told to do. */
    private static final Map<PayChannel, String> CHANNEL_ANSWERS = new EnumMap<>(Map.of(
            PayChannel.WX_APP, """
                    {"retCode":"SUCCESS","retMsg":"","resCode":"SUCCESS","payOrderId":"P0020260101000000001",
                     "mchOrderNo":"MO1","payParams":{"appid":"wx1","partnerid":"1","prepayid":"wx20260101",
                     "package":"Sign=WXPay","noncestr":"n","timestamp":"1767225600","sign":"S"}}""",
            PayChannel.UPI_APP, """
                    {"retCode":"SUCCESS","resCode":"SUCCESS","payOrderId":"P2","payParams":"{\\"tn\\":\\"7\\"}"}""",
            PayChannel.ALIPAY_MOBILE, """
                    {"retCode":"SUCCESS","resCode":"SUCCESS","payOrderId":"P3","payParams":"app_id=1&biz_content=x"}""",
            PayChannel.ALIPAY_WAP, """
                    {"retCode":"SUCCESS","resCode":"SUCCESS","payOrderId":"P4","mchOrderNo":"MO4",
                     "retParams":{"alipayUrl":"https://mapi.alipay.example/wap?x=1"}}""",
            PayChannel.ALIPAY_PC, """
                    {"retCode":"SUCCESS","resCode":"SUCCESS","payOrderId":"P5",
                     "retParams":"{\\"alipayUrl\\":\\"https://mapi.alipay.example/pc\\"}"}""",
            PayChannel.UPI_SEQ, """
                    {"retCode":"SUCCESS","resCode":"SUCCESS","payOrderId":"P6",
                     "retParams":{"unionpayUrl":"https://unionpay.example/pay"}}""",
            PayChannel.WX_JSAPI, """
                    {"retCode":"SUCCESS","resCode":"SUCCESS","url":"https://wx.example/h5"}""",
            PayChannel.WX_NATIVE, """
                    {"retCode":"SUCCESS","resCode":"SUCCESS","payOrderId":"P8","codeUrl":"weixin://wxpay/bizpayurl?pr=1"}""",
            PayChannel.ALIPAY_QR, """
                    {"retCode":"SUCCESS","resCode":"SUCCESS","payOrderId":"P9","qr_code":"https://qr.alipay.com/x"}""",
            PayChannel.UPI_QR, """
                    {"retCode":"SUCCESS","resCode":"SUCCESS","payOrderId":"P10","qr_code":"https://qr.95516.com/y"}"""));

    private static final Map<PayChannel, NextAction> NEXT_ACTIONS = new EnumMap<>(Map.of(
            PayChannel.WX_APP, new NextAction.Sdk("wechat", Jsons.object().add("appid", "wx1").add("partnerid", "1")
                    .add("prepayid", "wx20260101").add("package", "Sign=WXPay").add("noncestr", "n")
                    .add("timestamp", "1767225600").add("sign", "S").build()),
            PayChannel.UPI_APP, new NextAction.Sdk("unionpay", jakarta.json.Json.createValue("{\"tn\":\"7\"}")),
            PayChannel.ALIPAY_MOBILE, new NextAction.Sdk("alipay", jakarta.json.Json.createValue("app_id=1&biz_content=x")),
            PayChannel.ALIPAY_WAP, new NextAction.Redirect("https://mapi.alipay.example/wap?x=1"),
            PayChannel.ALIPAY_PC, new NextAction.Redirect("https://mapi.alipay.example/pc"),
            PayChannel.UPI_SEQ, new NextAction.Redirect("https://unionpay.example/pay"),
            PayChannel.WX_JSAPI, new NextAction.Redirect("https://wx.example/h5"),
            PayChannel.WX_NATIVE, new NextAction.Qr("weixin://wxpay/bizpayurl?pr=1"),
            PayChannel.ALIPAY_QR, new NextAction.Qr("https://qr.alipay.com/x"),
            PayChannel.UPI_QR, new NextAction.Qr("https://qr.95516.com/y")));

    @Test
    void everyChannelHasARecordedAnswer() {
        assertEquals(EnumSet.allOf(PayChannel.class), CHANNEL_ANSWERS.keySet());
        assertEquals(EnumSet.allOf(PayChannel.class), NEXT_ACTIONS.keySet());
    }

    @ParameterizedTest
    @EnumSource(PayChannel.class)
    void anAcceptedOrderCarriesWhatThePayerDoesNextAndTheAnswerAsReceived(PayChannel channel) {
        String body = CHANNEL_ANSWERS.get(channel);

        CreateOutcome.Accepted accepted = assertInstanceOf(CreateOutcome.Accepted.class, create(body, channel));

        assertEquals(NEXT_ACTIONS.get(channel), accepted.nextAction());
        assertEquals(body, accepted.responseBody());
        JsonValue payParams = accepted.nextAction() instanceof NextAction.Sdk sdk ? sdk.payParams() : JsonValue.NULL;
        assertEquals(payParams, accepted.payParams(), "payParams as IOTPay gave them, JSON null when it gave none");
    }

    @Test
    void theOrderIsKnownByIotPaysNumberExceptOnPayForSubmitWhoseAnswerNeedNotNameIt() {
        assertEquals("P0020260101000000001",
                ((CreateOutcome.Accepted) create(CHANNEL_ANSWERS.get(PayChannel.WX_APP), PayChannel.WX_APP)).payOrderId());
        assertNull(((CreateOutcome.Accepted) create(CHANNEL_ANSWERS.get(PayChannel.WX_JSAPI), PayChannel.WX_JSAPI))
                .payOrderId());
    }

    @ParameterizedTest
    @EnumSource(value = PayChannel.class, names = "WX_JSAPI", mode = EnumSource.Mode.EXCLUDE)
    void anAcceptedOrderWithoutIotPaysNumberIsNoUsableAnswer(PayChannel channel) {
        String body = CHANNEL_ANSWERS.get(channel).replaceFirst("\"payOrderId\":\"P[0-9]+\",", "");

        assertEquals(new CreateOutcome.Unknown("IOTPay accepted the order but sent no payOrderId"), create(body, channel));
    }

    @ParameterizedTest
    @CsvSource({
        "WX_APP, payParams", "UPI_APP, payParams", "ALIPAY_MOBILE, payParams",
        "ALIPAY_WAP, retParams.alipayUrl", "ALIPAY_PC, retParams.alipayUrl", "UPI_SEQ, retParams.unionpayUrl",
        "WX_JSAPI, url", "WX_NATIVE, codeUrl", "ALIPAY_QR, qr_code", "UPI_QR, qr_code"})
    void anAcceptedOrderWithoutWhatThePayerNeedsIsNoUsableAnswerNamingTheField(PayChannel channel, String field) {
        assertEquals(new CreateOutcome.Unknown("IOTPay accepted the order but its answer has no " + field),
                create("{\"retCode\":\"SUCCESS\",\"resCode\":\"SUCCESS\",\"payOrderId\":\"P1\"}", channel));
    }

    @Test
    void theOtherNamesAnUndocumentedAnswerMayUseAreReadWhenTheDocumentedOneIsEmptyOrAbsent() {
        assertEquals(new NextAction.Redirect("https://unionpay.example/a"), next(PayChannel.UPI_SEQ,
                "\"retParams\":{\"alipayUrl\":\"https://unionpay.example/a\"}"));
        assertEquals(new NextAction.Redirect("https://wx.example/pay"), next(PayChannel.WX_JSAPI,
                "\"url\":\"\",\"payUrl\":\"https://wx.example/pay\""));
        assertEquals(new NextAction.Qr("weixin://wxpay/bizpayurl?pr=2"), next(PayChannel.WX_NATIVE,
                "\"codeUrl\":\"\",\"qr_code\":\"weixin://wxpay/bizpayurl?pr=2\""));
        assertEquals(new NextAction.Qr("https://qr.95516.com/z"), next(PayChannel.UPI_QR,
                "\"codeUrl\":\"https://qr.95516.com/z\""));
        assertEquals(new NextAction.Qr("https://qr.alipay.com/first"), next(PayChannel.ALIPAY_QR,
                "\"qr_code\":\"https://qr.alipay.com/first\",\"codeUrl\":\"https://qr.alipay.com/second\""));
    }

    @Test
    void onlyWebAddressesOfAtMost2000CharactersGoToABrowser() {
        String longest = "https://wx.example/" + "a".repeat(2000 - "https://wx.example/".length());
        assertEquals(new NextAction.Redirect(longest), next(PayChannel.WX_JSAPI, "\"url\":\"" + longest + "\""));
        assertEquals(new NextAction.Redirect("http://wallet.example/p"), next(PayChannel.ALIPAY_PC,
                "\"retParams\":{\"alipayUrl\":\"http://wallet.example/p\"}"));
        for (String url : new String[] {"javascript:alert(1)", "weixin://wxpay/x", "//wallet.example/p", longest + "a"}) {
            assertInstanceOf(CreateOutcome.Unknown.class,
                    create(success("\"payOrderId\":\"P1\",\"url\":\"" + url + "\""), PayChannel.WX_JSAPI),
                    url.length() > 40 ? url.length() + " characters" : url);
        }
    }

    @Test
    void aQrCodeHoldsSomethingAndAtMost2000Characters() {
        String longest = "q".repeat(2000);
        assertEquals(new NextAction.Qr(longest), next(PayChannel.ALIPAY_QR, "\"qr_code\":\"" + longest + "\""));
        for (String content : new String[] {"   ", longest + "q"}) {
            assertInstanceOf(CreateOutcome.Unknown.class,
                    create(success("\"payOrderId\":\"P1\",\"qr_code\":\"" + content + "\""), PayChannel.ALIPAY_QR));
        }
    }

    @Test
    void malformedOrEmptyFieldsOfAnAcceptedOrderAreNoUsableAnswer() {
        String[][] answers = {
            {"WX_APP", "\"payParams\":null"},
            {"ALIPAY_MOBILE", "\"payParams\":\"  \""},
            {"ALIPAY_WAP", "\"retParams\":\"not JSON\""},
            {"ALIPAY_PC", "\"retParams\":\"[1,2]\""},
            {"ALIPAY_PC", "\"retParams\":7"},
            {"UPI_SEQ", "\"retParams\":{\"unionpayUrl\":null}"},
        };
        for (String[] answer : answers) {
            PayChannel channel = PayChannel.valueOf(answer[0]);
            assertInstanceOf(CreateOutcome.Unknown.class, create(success("\"payOrderId\":\"P1\"," + answer[1]), channel),
                    answer[1]);
        }
    }

    @Test
    void aNumberOrABooleanWherePayParamsShouldBeIsHandedOnAsIotPayGaveIt() {
        assertEquals(new NextAction.Sdk("wechat", Jsons.number(5)), next(PayChannel.WX_APP, "\"payParams\":5"));
    }

    @Test
    void aRefusalCarriesIotPaysCodeAndWordsAndNothingWasCreated() {
        assertEquals(new CreateOutcome.Rejected("0014", "parameter error"), create("""
                {"retCode":"SUCCESS","retMsg":"","resCode":"FAIL","errCode":"0014","errCodeDes":"parameter error"}""",
                PayChannel.WX_NATIVE));
        assertEquals(new CreateOutcome.Rejected(null, "Verify XX pay sign failed."), create("""
                {"retCode":"FAIL","retMsg":"Verify XX pay sign failed."}""", PayChannel.WX_NATIVE));
    }

    @Test
    void noUsableAnswerLeavesTheOrderUnknownWithTheClientsReason() {
        assertEquals(new CreateOutcome.Unknown("IOTPay did not answer within 15000 ms"),
                IotPayOutcomes.toCreateOutcome(NO_ANSWER, PayChannel.WX_NATIVE));
        assertEquals(new CreateOutcome.Unknown("IOTPay's answer has no valid resCode"),
                create("{\"retCode\":\"SUCCESS\",\"payOrderId\":\"P1\",\"codeUrl\":\"weixin://x\"}", PayChannel.WX_NATIVE));
    }

    // query_order -------------------------------------------------------------------------------------

    @Test
    void aFoundOrderIsReadFlatFromTheTopLevel() {
        String body = """
                {"retCode":"SUCCESS","retMsg":"","resCode":"SUCCESS","mchId":"10000701","mchOrderNo":"MO1",
                 "channelId":"WX_NATIVE","currency":"CAD","amount":1999,"clientIp":"203.0.113.9","device":"",
                 "subject":"Blue kettle","body":"Blue kettle","param1":"","param2":"","extra":"",
                 "paySuccTime":%d,"channelOrderNo":"4200001234","status":2,"payOrderId":"P1"}""".formatted(PAID_MILLIS);

        assertEquals(new QueryOutcome.Found(GatewayState.PAID, "P1", "4200001234", 1999, "CAD", PAID_AT), query(body));
    }

    @ParameterizedTest
    @CsvSource({"0, OPEN", "1, OPEN", "2, PAID", "3, PAID", "4, CLOSED", "9, CLOSED", "-1, CLOSED", "-2, CLOSED"})
    void everyStatusInIotPaysListIsOpenPaidOrClosed(int status, GatewayState state) {
        QueryOutcome.Found found = assertInstanceOf(QueryOutcome.Found.class,
                query(success("\"status\":" + status + ",\"amount\":1999,\"currency\":\"CAD\"")));
        assertEquals(state, found.state());
    }

    @Test
    void integersMayArriveAsStringsOfDigits() {
        assertEquals(new QueryOutcome.Found(GatewayState.PAID, null, null, 1999, "CAD", PAID_AT), query(success(
                "\"status\":\" 2 \",\"amount\":\"1999\",\"currency\":\"CAD\",\"paySuccTime\":\"" + PAID_MILLIS + "\"")));
    }

    @Test
    void anUnpaidOrderHasNoPaymentTimeAndAnAbsentAmountIsMinusOne() {
        assertEquals(new QueryOutcome.Found(GatewayState.OPEN, "P1", null, -1, null, null),
                query(success("\"status\":0,\"payOrderId\":\"P1\",\"paySuccTime\":0")));
        assertNull(((QueryOutcome.Found) query(success("\"status\":0,\"paySuccTime\":null"))).paidAt());
    }

    @Test
    void aFoundOrderWithAStatusOutsideTheListOrAMalformedNumberIsNoUsableAnswer() {
        assertEquals(new QueryOutcome.Unknown("IOTPay's order answer is malformed (unknown IOTPay status 5)"),
                query(success("\"status\":5")));
        for (String fields : new String[] {"\"amount\":1999", "\"status\":\"paid\"", "\"status\":2.5",
                "\"status\":2,\"amount\":19.99", "\"status\":2,\"paySuccTime\":\"yesterday\"", "\"status\":[2]"}) {
            QueryOutcome outcome = query(success(fields));
            assertInstanceOf(QueryOutcome.Unknown.class, outcome, fields);
            assertTrue(((QueryOutcome.Unknown) outcome).reason().startsWith("IOTPay's order answer is malformed ("), fields);
        }
    }

    @Test
    void errCode0112IsNoSuchOrderAndAnyOtherRefusalIsPassedOn() {
        assertEquals(new QueryOutcome.NotFound(), query("""
                {"retCode":"SUCCESS","retMsg":"","resCode":"FAIL","errCode":"0112","errCodeDes":"merchant order id not exist"}"""));
        assertEquals(new QueryOutcome.Rejected("SYSTEMERROR", "busy"), query("""
                {"retCode":"SUCCESS","resCode":"FAIL","errCode":"SYSTEMERROR","errCodeDes":"busy"}"""));
        assertEquals(new QueryOutcome.Rejected(null, "Can't found mchInfo[mchId=1] record in db."), query("""
                {"retCode":"FAIL","retMsg":"Can't found mchInfo[mchId=1] record in db."}"""));
        assertEquals(new QueryOutcome.Unknown("IOTPay did not answer within 15000 ms"), IotPayOutcomes.toQueryOutcome(NO_ANSWER));
    }

    // refund_order and the refund query ---------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"0, PROCESSING", "1, PROCESSING", "2, SUCCEEDED", "4, SUCCEEDED", "3, FAILED"})
    void aRefundStandsWhereItsStatusSays(int status, RefundState state) {
        String body = """
                {"retCode":"SUCCESS","retMsg":"","resCode":"SUCCESS","refundOrderId":"R1","status":%d,
                 "refundSuccTime":%d}""".formatted(status, PAID_MILLIS);

        assertEquals(new RefundOutcome.Known("R1", state, PAID_AT), refund(body, false));
        assertEquals(new RefundOutcome.Known("R1", state, PAID_AT), refund(body, true));
    }

    @Test
    void refundOrdersAnswerWithoutStatusIsASuccessAsIotPaysSampleClientAssumesButTheQuerysIsUnknown() {
        String body = "{\"retCode\":\"SUCCESS\",\"resCode\":\"SUCCESS\",\"refundOrderId\":\"R1\"}";

        assertEquals(new RefundOutcome.Known("R1", RefundState.SUCCEEDED, null), refund(body, false));
        assertEquals(new RefundOutcome.Unknown("IOTPay's refund query answer has no status"), refund(body, true));
    }

    @Test
    void aRefundAnswerWithoutRefundOrderIdOrTimeIsStillKnown() {
        assertEquals(new RefundOutcome.Known(null, RefundState.PROCESSING, null),
                refund(success("\"status\":\"1\",\"refundSuccTime\":0"), true));
    }

    @Test
    void aRefundStatusOutsideXxPaysListOrAMalformedNumberIsNoUsableAnswer() {
        assertEquals(new RefundOutcome.Unknown("IOTPay's refund answer is malformed (unknown refund status 9)"),
                refund(success("\"status\":9"), true));
        for (String fields : new String[] {"\"status\":\"done\"", "\"status\":2,\"refundSuccTime\":1.5"}) {
            for (boolean query : new boolean[] {false, true}) {
                RefundOutcome outcome = refund(success(fields), query);
                assertInstanceOf(RefundOutcome.Unknown.class, outcome, fields);
                assertTrue(((RefundOutcome.Unknown) outcome).reason().startsWith("IOTPay's refund answer is malformed ("));
            }
        }
    }

    @Test
    void aRefusedRefundOrderIsRejectedEvenWith0112() {
        assertEquals(new RefundOutcome.Rejected("0014", "parameter error"), refund("""
                {"retCode":"SUCCESS","resCode":"FAIL","errCode":"0014","errCodeDes":"parameter error"}""", false));
        assertEquals(new RefundOutcome.Rejected("0112", "merchant order id not exist"), refund("""
                {"retCode":"SUCCESS","resCode":"FAIL","errCode":"0112","errCodeDes":"merchant order id not exist"}""", false));
        assertEquals(new RefundOutcome.Rejected(null, "request params[refundAmount] error."), refund("""
                {"retCode":"FAIL","retMsg":"request params[refundAmount] error."}""", false));
    }

    @Test
    void aRefusedRefundQueryIsNoSuchRefundOnlyFor0112AndOtherwiseSaysNothingAboutTheRefund() {
        assertEquals(new RefundOutcome.NotFound(), refund("""
                {"retCode":"SUCCESS","resCode":"FAIL","errCode":"0112","errCodeDes":"merchant order id not exist"}""", true));
        assertEquals(new RefundOutcome.Unknown("IOTPay's refund query failed: 0010 system error"), refund("""
                {"retCode":"SUCCESS","resCode":"FAIL","errCode":"0010","errCodeDes":"system error"}""", true));
        // xxpay4pro's answer for an unknown refund: a plain error without errCode, never a failed refund.
        assertEquals(new RefundOutcome.Unknown("IOTPay's refund query failed:  退款订单不存在"), refund("""
                {"retCode":"FAIL","retMsg":"退款订单不存在"}""", true));
    }

    @Test
    void aRefundQueryAnsweredHttp404DoesNotExistThereWhileRefundOrdersIsJustUnknown() {
        GatewayAnswer notFound = new GatewayAnswer(Kind.UNKNOWN, null, null, null, null, "IOTPay answered HTTP 404", 404);

        assertEquals(new RefundOutcome.QueryUnavailable("the refund query answered HTTP 404"),
                IotPayOutcomes.toRefundOutcome(notFound, true));
        assertEquals(new RefundOutcome.Unknown("IOTPay answered HTTP 404"), IotPayOutcomes.toRefundOutcome(notFound, false));
        assertEquals(new RefundOutcome.Unknown("IOTPay did not answer within 15000 ms"),
                IotPayOutcomes.toRefundOutcome(NO_ANSWER, true));
        assertEquals(new RefundOutcome.Unknown("IOTPay did not answer within 15000 ms"),
                IotPayOutcomes.toRefundOutcome(NO_ANSWER, false));
    }

    // -------------------------------------------------------------------------------------------------

    private static String success(String fields) {
        return "{\"retCode\":\"SUCCESS\",\"retMsg\":\"\",\"resCode\":\"SUCCESS\"," + fields + "}";
    }

    private static CreateOutcome create(String body, PayChannel channel) {
        return IotPayOutcomes.toCreateOutcome(IotPayClient.parse(body, KEY, null), channel);
    }

    private static NextAction next(PayChannel channel, String fields) {
        CreateOutcome outcome = create(success("\"payOrderId\":\"P1\"," + fields), channel);
        return assertInstanceOf(CreateOutcome.Accepted.class, outcome, fields).nextAction();
    }

    private static QueryOutcome query(String body) {
        return IotPayOutcomes.toQueryOutcome(IotPayClient.parse(body, KEY, null));
    }

    private static RefundOutcome refund(String body, boolean query) {
        return IotPayOutcomes.toRefundOutcome(IotPayClient.parse(body, KEY, null), query);
    }
}
