package dev.iotpaymerchant.orders.boundary;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.iotpaymerchant.access.control.Caller;
import dev.iotpaymerchant.access.control.CreateRateLimiter;
import dev.iotpaymerchant.platform.control.ClientAddress;
import dev.iotpaymerchant.orders.control.MajorUnitAmount;
import dev.iotpaymerchant.orders.control.NewOrder;
import dev.iotpaymerchant.orders.entity.PayChannel;
import dev.iotpaymerchant.platform.boundary.ApiDocs;
import dev.iotpaymerchant.platform.control.ProblemException;
import dev.iotpaymerchant.platform.control.Settings;

/**
 * The merchant API of IOTPay's "App integrate IOTPay" guide:
 * {@code GET /api/pay?channelid=WX_APP&amount=19.99}. WX_APP gets IOTPay's answer body as the
 * guide's sample does; ALIPAY_MOBILE gets the Alipay SDK order string as text.
 */
@Path("pay")
public class PayResource {

    @Inject
    Checkout checkout;

    @Inject
    Settings settings;

    @Inject
    Caller caller;

    @Inject
    CreateRateLimiter rateLimiter;

    @Context
    HttpServletRequest http;

    @GET
    @Tag(name = "payments")
    @Operation(summary = "Pay, the way IOTPay's app-integration guide does",
            description = "Creates an order at IOTPay and answers what the app's wallet SDK needs: for WX_APP IOTPay's "
                    + "create_order answer body (JSON with payParams), for ALIPAY_MOBILE the Alipay SDK order string "
                    + "as text. Parameters must not be repeated.")
    @Parameter(name = "channelid", in = ParameterIn.QUERY, required = true, description = "WX_APP or ALIPAY_MOBILE",
            schema = @Schema(enumeration = {"WX_APP", "ALIPAY_MOBILE"}), example = "WX_APP")
    @Parameter(name = "amount", in = ParameterIn.QUERY, required = true,
            description = "Major units: ASCII digits, optionally a dot and one or two digits; more than zero and at most "
                    + "orders.max-amount. 19.99 becomes 1999 cents.",
            schema = @Schema(type = SchemaType.STRING, pattern = "^[0-9]+(\\.[0-9]{1,2})?$"), example = "19.99")
    @Parameter(name = "ostype", in = ParameterIn.QUERY, description = "For ALIPAY_MOBILE: IOS or ANDROID",
            schema = @Schema(enumeration = {"IOS", "ANDROID"}))
    @Parameter(name = "subject", in = ParameterIn.QUERY, description = "Title shown to the payer (64 characters)")
    @Parameter(name = "body", in = ParameterIn.QUERY, description = "Description (255 characters)")
    @APIResponse(responseCode = "200", description = "WX_APP: IOTPay's answer; ALIPAY_MOBILE: the order string",
            content = {
                    @Content(mediaType = "application/json", examples = @ExampleObject(name = "WX_APP", value = """
                            {"retCode":"SUCCESS","retMsg":"","resCode":"SUCCESS","payOrderId":"P0020261126123212000001",\
                            "mchOrderNo":"MOq3Zk1V7xJ0aN2bL5cR8tYw","payParams":{"appid":"wx0123456789abcdef",\
                            "partnerid":"1900000109","prepayid":"wx26123212f7db74fdb0233b9fc52486cc","package":"Sign=WXPay",\
                            "noncestr":"da76ebbc5ec310fae3a272ef8fbc3f99","timestamp":"1795696332",\
                            "sign":"F7EF24959E135A8BAFAB1561B890C3DC"},"sign":"4B10AB42438C143624F409467793DC13"}""")),
                    @Content(mediaType = "text/plain", examples = @ExampleObject(name = "ALIPAY_MOBILE",
                            value = "app_id=2021000000000000&biz_content=%7B%22out_trade_no%22%3A%22P00...%22%7D&charset=utf-8&method=alipay.trade.app.pay&sign_type=RSA2&version=1.0&sign=..."))})
    @APIResponse(responseCode = "400", description = "Bad channelid, amount or another parameter; IOTPay is not called",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(description = ApiDocs.PROBLEM_SCHEMA),
                    examples = @ExampleObject(name = "bad amount", value = ApiDocs.BAD_REQUEST)))
    @APIResponse(responseCode = "502", description = "IOTPay refused the order (retCode or resCode FAIL); the order is FAILED",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "rejected", value = ApiDocs.REJECTED)))
    @APIResponse(responseCode = "504", description = "No usable answer from IOTPay; the order is UNKNOWN until IOTPay is asked",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "unknown", value = ApiDocs.UNKNOWN)))
    @APIResponse(responseCode = "503", description = "Database unreachable or payments not configured",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "unavailable", value = ApiDocs.UNAVAILABLE)))
    public Response pay(@Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        PayChannel channel = NewOrder.channel("channelid", single(query, "channelid"));
        long amount = MajorUnitAmount.toMinorUnits(single(query, "amount"), settings.maxAmount());
        String osType = single(query, "ostype");
        String subject = single(query, "subject");
        String body = single(query, "body");

        NewOrder request = new NewOrder(channel, amount, settings.currency(),
                subject == null ? settings.defaultSubject() : subject,
                body == null ? settings.defaultBody() : body,
                null, null, osType, clientIp());
        rateLimiter.take(caller.rateKey());
        Checkout.Started started = checkout.start(request, caller.subject(), java.util.Optional.empty());

        if (channel == PayChannel.WX_APP) {
            return Response.ok(started.gateway().responseBody(), MediaType.APPLICATION_JSON_TYPE).build();
        }
        JsonValue payParams = started.gateway().payParams();
        String text = payParams instanceof JsonString string ? string.getString() : payParams.toString();
        return Response.ok(text, MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build();
    }

    private String clientIp() {
        return ClientAddress.of(http, settings.trustedProxies());
    }

    /** A parameter given twice is ambiguous: refuse it rather than guess which one was meant. */
    private static String single(MultivaluedMap<String, String> query, String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ProblemException.badRequest("The parameter '" + name + "' is given more than once.");
        }
        return values.get(0);
    }
}
