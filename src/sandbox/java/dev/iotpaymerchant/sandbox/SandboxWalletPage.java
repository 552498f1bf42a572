package dev.iotpaymerchant.sandbox;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The HTML of the sandbox wallet (plain text building, no template engine): the order, and a Pay and a Cancel
 * button. The subject is the merchant's, so attacker text: everything shown is escaped. The page loads one
 * stylesheet from this server and nothing else.
 */
final class SandboxWalletPage {

    static final String TITLE = "IOTPay sandbox wallet";

    static final String CSS = """
            body { font-family: system-ui, sans-serif; margin: 0; background: #f3f4f6; color: #111827; }
            main { max-width: 28rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border-radius: .75rem; }
            h1 { font-size: 1.25rem; margin-top: 0; }
            .note { color: #6b7280; font-size: .875rem; }
            dl { display: grid; grid-template-columns: max-content 1fr; gap: .5rem 1rem; }
            dt { color: #6b7280; }
            dd { margin: 0; overflow-wrap: anywhere; }
            #amount { font-size: 1.5rem; font-weight: 600; }
            #result { font-size: 1.25rem; font-weight: 600; }
            form { display: inline; }
            button { font-size: 1rem; padding: .6rem 1.4rem; margin-right: .5rem; border-radius: .5rem; border: 0;
                     cursor: pointer; background: #16a34a; color: #fff; }
            button.secondary { background: #e5e7eb; color: #111827; }
            """;

    private static final Map<String, String> CHANNEL_NAMES = Map.of(
            "WX_APP", "WeChat Pay in an app",
            "UPI_APP", "UnionPay in an app",
            "ALIPAY_MOBILE", "Alipay in an app",
            "ALIPAY_WAP", "Alipay on a phone's browser",
            "ALIPAY_PC", "Alipay on a computer's browser",
            "UPI_SEQ", "UnionPay online",
            "WX_JSAPI", "WeChat Pay in WeChat's browser",
            "WX_NATIVE", "WeChat Pay, QR code",
            "ALIPAY_QR", "Alipay, QR code",
            "UPI_QR", "UnionPay, QR code");

    private SandboxWalletPage() {
    }

    /** The wallet page with its Pay and Cancel buttons. */
    static String wallet(SandboxOrder order, String contextPath) {
        String action = escape(contextPath + "/sandbox/wallet/" + order.payOrderId);
        return document(contextPath, summary(order)
                + "<form method=\"post\" action=\"" + action + "/pay\"><button id=\"pay\" type=\"submit\">Pay</button></form>"
                + "<form method=\"post\" action=\"" + action + "/cancel\">"
                + "<button id=\"cancel\" class=\"secondary\" type=\"submit\">Cancel</button></form>");
    }

    /** What came of a Pay or Cancel: {@code result} (plain text) and the order as it is now. */
    static String result(SandboxOrder order, String contextPath, String result) {
        return document(contextPath, summary(order) + "<p id=\"result\">" + escape(result) + "</p>"
                + "<p><a href=\"" + escape(contextPath + "/sandbox/wallet/" + order.payOrderId)
                + "\">Back to the wallet page</a></p>");
    }

    static String notFound(String contextPath) {
        return document(contextPath, "<p id=\"result\">The sandbox has no such order.</p>");
    }

    /**
     * No script, styles only from this server, no framing. Forms post here; a Pay may then redirect to the order's
     * returnUrl, and browsers hold that redirect to form-action too, so its origin is allowed.
     */
    static String contentSecurityPolicy(Optional<SandboxOrder> order) {
        String returnOrigin = order.flatMap(o -> origin(o.returnUrl())).map(origin -> " " + origin).orElse("");
        return "default-src 'none'; style-src 'self'; img-src 'none'; base-uri 'none'; form-action 'self'" + returnOrigin
                + "; frame-ancestors 'none'";
    }

    /**
     * Where the payer's browser goes after paying, as IOTPay sends it back: the returnUrl with mchOrderNo,
     * payOrderId, amount, status and backType=1 (a browser return, not the notification; unsigned here).
     */
    static String returnAddress(SandboxOrder order) {
        Map<String, String> back = new LinkedHashMap<>();
        back.put("mchOrderNo", order.mchOrderNo());
        back.put("payOrderId", order.payOrderId);
        back.put("amount", String.valueOf(order.paidAmount()));
        back.put("status", String.valueOf(order.status() == SandboxOrder.NOTIFIED ? SandboxOrder.NOTIFIED : SandboxOrder.PAID));
        back.put("backType", "1");
        StringBuilder address = new StringBuilder(order.returnUrl());
        String separator = order.returnUrl().contains("?") ? "&" : "?";
        for (Map.Entry<String, String> parameter : back.entrySet()) {
            address.append(separator).append(parameter.getKey()).append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = "&";
        }
        return address.toString();
    }

    /** Minor units shown in the currency's major unit ({@code 1234} CAD is {@code 12.34 CAD}), exactly. */
    static String amount(long minor, String currency) {
        int digits;
        try {
            digits = Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
        } catch (IllegalArgumentException | NullPointerException e) {
            digits = 2;
        }
        return BigDecimal.valueOf(minor, digits).toPlainString() + " " + currency;
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String summary(SandboxOrder order) {
        String channel = order.channelId();
        return "<dl>"
                + "<dt>Channel</dt><dd id=\"channel\">" + escape(channel)
                + escape(Optional.ofNullable(CHANNEL_NAMES.get(channel)).map(name -> " (" + name + ")").orElse("")) + "</dd>"
                + "<dt>Subject</dt><dd id=\"subject\">" + escape(order.request.getOrDefault("subject", "")) + "</dd>"
                + "<dt>Amount</dt><dd id=\"amount\">" + escape(amount(order.amount, order.request.get("currency"))) + "</dd>"
                + "<dt>Status</dt><dd id=\"status\">" + status(order.status()) + "</dd>"
                + "<dt>Order</dt><dd id=\"payOrderId\">" + escape(order.payOrderId) + "</dd>"
                + "</dl>";
    }

    private static String status(int status) {
        return switch (status) {
            case SandboxOrder.CREATED -> "waiting for payment";
            case SandboxOrder.PAID -> "paid";
            case SandboxOrder.NOTIFIED -> "paid, and the merchant confirmed the notification";
            case SandboxOrder.CANCELLED -> "cancelled";
            default -> String.valueOf(status);
        };
    }

    private static String document(String contextPath, String content) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + TITLE + "</title>"
                + "<link rel=\"stylesheet\" href=\"" + escape(contextPath + "/sandbox/wallet.css") + "\"></head>"
                + "<body><main><h1>" + TITLE + "</h1>"
                + "<p class=\"note\">A stand-in for the payer's wallet: nothing is charged.</p>"
                + content + "</main></body></html>\n";
    }

    /** scheme://host[:port] of an http(s) address, when it can safely stand in a policy. */
    private static Optional<String> origin(String url) {
        if (url.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || !uri.getHost().matches("[A-Za-z0-9.-]+")) {
                return Optional.empty();
            }
            return Optional.of(scheme + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
