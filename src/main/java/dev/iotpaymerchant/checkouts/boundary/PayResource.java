package dev.iotpaymerchant.checkouts.boundary;

import java.io.StringReader;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonReader;
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

import dev.iotpaymerchant.access.boundary.ClientAmounts;
import dev.iotpaymerchant.access.boundary.CreateRateLimiter;
import dev.iotpaymerchant.access.control.Caller;
import dev.iotpaymerchant.checkouts.entity.Checkout;
import dev.iotpaymerchant.iotpay.control.IotPaySettings;
import dev.iotpaymerchant.iotpay.control.PayChannel;
import dev.iotpaymerchant.orders.boundary.PaymentStart;
import dev.iotpaymerchant.orders.boundary.PaymentStart.Started;
import dev.iotpaymerchant.orders.control.MajorUnitAmount;
import dev.iotpaymerchant.orders.control.NewOrder;
import dev.iotpaymerchant.orders.control.OrderSettings;
import dev.iotpaymerchant.orders.control.PaymentMethod;
import dev.iotpaymerchant.orders.control.PaymentMethods;
import dev.iotpaymerchant.platform.http.ClientAddress;
import dev.iotpaymerchant.platform.http.Jsons;
import dev.iotpaymerchant.platform.http.boundary.ProblemException;
import dev.iotpaymerchant.platform.settings.PlatformSettings;

/**
 * The merchant API of IOTPay's "App integrate IOTPay" guide:
 * {@code GET /api/pay?channelid=WX_APP&checkout=CO…} pays a checkout at its price, and
 * {@code GET /api/pay?channelid=WX_APP&amount=19.99} an amount, for the callers who may choose one
 * ({@link ClientAmounts}). Every channel gets IOTPay's answer body without its {@code sign}, as the
 * guide's sample does for WX_APP (payParams, retParams, codeUrl, qr_code or url, as the channel has them); ALIPAY_MOBILE,
 * where allowed, gets the Alipay SDK order string as text.
 */
@ApplicationScoped
@Path("pay")
public class PayResource {

    @Inject
    PaymentStart paymentStart;

    @Inject
    CheckoutPayments checkoutPayments;

    @Inject
    ClientAmounts clientAmounts;

    @Inject
    PaymentMethods methods;

    @Inject
    OrderSettings settings;

    @Inject
    IotPaySettings iotpay;

    @Inject
    PlatformSettings platform;

    @Inject
    Caller caller;

    @Inject
    CreateRateLimiter rateLimiter;

    @GET
    public Response pay(@Context UriInfo uri, @Context HttpServletRequest http) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        PaymentMethod method = methods.read("channelid", single(query, "channelid"), single(query, "ostype"),
                single(query, "returnurl"), single(query, "productid"));
        PayChannel channel = method.channel();
        String checkoutId = single(query, "checkout");
        Started started;
        if (checkoutId != null) {
            if (single(query, "amount") != null) {
                throw ProblemException.badRequest("Give either 'checkout' or 'amount': a checkout has its price.");
            }
            Checkout paid = checkoutPayments.visible(checkoutId);
            NewOrder request = checkoutPayments.request(paid, method, clientIp(http));
            rateLimiter.take(caller.rateKey());
            started = checkoutPayments.pay(paid, request, Optional.empty());
        } else {
            clientAmounts.requireMayChoose();
            long amount = MajorUnitAmount.toMinorUnits(single(query, "amount"), settings.maxAmount());
            String subject = single(query, "subject");
            String body = single(query, "body");
            NewOrder request = new NewOrder(method, amount, iotpay.currency(),
                    subject == null ? settings.defaultSubject() : subject,
                    body == null ? settings.defaultBody() : body,
                    null, null, clientIp(http));
            rateLimiter.take(caller.rateKey());
            started = paymentStart.start(request, caller.subject(), Optional.empty());
        }
        if (channel != PayChannel.ALIPAY_MOBILE) {
            return Response.ok(withoutSign(started.gateway().responseBody()), MediaType.APPLICATION_JSON_TYPE).build();
        }
        JsonValue payParams = started.gateway().payParams();
        String text = payParams instanceof JsonString string ? string.getString() : payParams.toString();
        return Response.ok(text, MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build();
    }

    /**
     * IOTPay's answer as the guide passes it on, less its {@code sign}: that is for us to check (we
     * did), and an app that kept it would only hold material for guessing at the merchant key.
     */
    static String withoutSign(String answer) {
        try (JsonReader reader = Jsons.reader(new StringReader(answer))) {
            return Jsons.object(reader.readObject()).remove("sign").build().toString();
        }
    }

    private String clientIp(HttpServletRequest http) {
        return ClientAddress.of(http, platform.trustedProxies());
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
