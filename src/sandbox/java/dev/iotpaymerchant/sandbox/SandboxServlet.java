package dev.iotpaymerchant.sandbox;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.iotpaymerchant.iotpay.control.JsonText;

/**
 * HTTP face of the sandbox.
 * <ul>
 *   <li>{@code POST /sandbox/v1/create_order}, {@code /payForSubmit} (WX_JSAPI), {@code /query_order},
 *       {@code /refund_order}, {@code /query_refund_order}: IOTPay's API ({@code params=<JSON>}); redirect and QR
 *       channels answer the address of the order's wallet page</li>
 *   <li>{@code GET /sandbox/wallet/{payOrderId}}: the wallet page, where a person pays or cancels
 *       ({@link SandboxWalletServlet})</li>
 *   <li>{@code GET /sandbox/orders/{mchOrderNo}}: the order as the gateway sees it, with notification attempts and
 *       the {@code traceparent} its create_order carried</li>
 *   <li>{@code POST /sandbox/orders/{mchOrderNo}/pay[?notify=false][&amount=N][&delaySeconds=N]}: the payer pays
 *       now (the notification is lost with notify=false; with amount, IOTPay reports that amount paid instead of
 *       the order's; with delaySeconds, the first notification goes out that much later); {@code /cancel};
 *       {@code /notify} re-sends</li>
 *   <li>{@code GET /sandbox/books}: read-only, every order the gateway holds, what was paid and every refund it took</li>
 *   <li>{@code POST /sandbox/faults?operation=create_order&mode=SLOW[&recordOrder=false][&seconds=N]}: misbehave
 *       once (refund_order also takes PROCESSING, settling after N seconds, and LATE, applied only when asked;
 *       query_refund_order HTTP_404)</li>
 *   <li>{@code POST /sandbox/refunds/{mchRefundNo}/apply}: IOTPay applies a refund it took LATE now;
 *       {@code /complete}: IOTPay finishes a PROCESSING refund now</li>
 *   <li>{@code GET /sandbox/stats}: how many API calls arrived, and the {@code traceparent} the last of each kind carried</li>
 *   <li>{@code POST /sandbox/settings?autoPaySeconds=N}: pay automatically N seconds after creation (-1: never)</li>
 * </ul>
 */
@WebServlet("/sandbox/*")
public class SandboxServlet extends HttpServlet {

    @Inject
    SandboxGateway gateway;

    @Inject
    SandboxSettings settings;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String[] parts = path.split("/");
        try {
            if (path.equals("/v1/create_order") || path.equals("/v1/payForSubmit") || path.equals("/v1/query_order")
                    || path.equals("/v1/refund_order") || path.equals("/v1/query_refund_order")) {
                Map<String, String> params;
                try {
                    params = apiParameters(request);
                } catch (RuntimeException e) {
                    json(response, 200, "{\"retCode\":\"FAIL\",\"retMsg\":\"request params error.\"}");
                    return;
                }
                gateway.received(path.substring("/v1/".length()), params.get("mchOrderNo"), request.getHeader("traceparent"));
                SandboxGateway.Answer answer = switch (path) {
                    case "/v1/create_order" -> gateway.createOrder(params, walletBase(request));
                    case "/v1/payForSubmit" -> gateway.payForSubmit(params, walletBase(request));
                    case "/v1/refund_order" -> gateway.refundOrder(params);
                    case "/v1/query_refund_order" -> gateway.queryRefund(params);
                    default -> gateway.queryOrder(params);
                };
                if (answer.location() != null) {
                    response.setHeader("Location", answer.location());
                }
                json(response, answer.status(), answer.body());
            } else if (parts.length == 4 && parts[1].equals("orders")) {
                boolean done = switch (parts[3]) {
                    case "pay" -> pay(request, parts[2]);
                    case "cancel" -> gateway.cancel(parts[2]);
                    case "notify" -> gateway.renotify(parts[2]);
                    default -> throw new IllegalArgumentException("unknown action " + parts[3]);
                };
                orderAnswer(response, parts[2], done ? 200 : 409);
            } else if (parts.length == 4 && parts[1].equals("refunds") && parts[3].equals("apply")) {
                boolean applied = gateway.applyLateRefund(parts[2]);
                json(response, applied ? 200 : 409, Json.createObjectBuilder().add("applied", applied).build().toString());
            } else if (parts.length == 4 && parts[1].equals("refunds") && parts[3].equals("complete")) {
                json(response, gateway.completeRefund(parts[2]) ? 200 : 404, "{}");
            } else if (path.equals("/faults")) {
                gateway.inject(new SandboxGateway.Fault(request.getParameter("operation"),
                        SandboxGateway.FaultMode.valueOf(request.getParameter("mode").toUpperCase(Locale.ROOT)),
                        !"false".equals(request.getParameter("recordOrder")),
                        request.getParameter("seconds") == null ? 0 : Integer.parseInt(request.getParameter("seconds"))));
                response.setStatus(204);
            } else if (path.equals("/settings")) {
                settings.autoPaySeconds(Integer.parseInt(request.getParameter("autoPaySeconds")));
                response.setStatus(204);
            } else {
                response.sendError(404);
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            json(response, 400, Json.createObjectBuilder().add("error", String.valueOf(e.getMessage())).build().toString());
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] parts = (request.getPathInfo() == null ? "" : request.getPathInfo()).split("/");
        if (parts.length == 3 && parts[1].equals("orders")) {
            orderAnswer(response, parts[2], 200);
        } else if (parts.length == 2 && parts[1].equals("stats")) {
            json(response, 200, gateway.stats().toString());
        } else if (parts.length == 2 && parts[1].equals("books")) {
            json(response, 200, gateway.books().toString());
        } else {
            response.sendError(404);
        }
    }

    /** The payer pays: {@code notify=false} loses the notification, {@code amount} pays another amount, {@code delaySeconds} delays it. */
    private boolean pay(HttpServletRequest request, String mchOrderNo) {
        boolean notify = !"false".equals(request.getParameter("notify"));
        String amount = request.getParameter("amount");
        String delay = request.getParameter("delaySeconds");
        if (amount == null && delay == null) {
            return gateway.pay(mchOrderNo, notify);
        }
        long paid = amount != null ? Long.parseLong(amount)
                : gateway.order(mchOrderNo).map(order -> order.amount).orElse(0L);
        return paid > 0 && gateway.pay(mchOrderNo, notify, paid, delay == null ? 0 : Integer.parseInt(delay));
    }

    private void orderAnswer(HttpServletResponse response, String mchOrderNo, int status) throws IOException {
        var order = gateway.order(mchOrderNo);
        if (order.isEmpty()) {
            json(response, 404, "{\"error\":\"no such order at the sandbox\"}");
        } else {
            var answer = Json.createObjectBuilder(order.get().toJson());
            gateway.createTraceparent(mchOrderNo).ifPresent(traceparent -> answer.add("traceparent", traceparent));
            json(response, status, answer.build().toString());
        }
    }

    /** The absolute address wallet pages are found under, ending in {@code /sandbox/wallet/}. */
    private String walletBase(HttpServletRequest request) {
        return walletBase(settings.publicUrl(), request.getScheme(), request.getServerName(), request.getServerPort(),
                request.getContextPath());
    }

    /**
     * {@code sandbox.public-url} if set, else the scheme, host and port the API call came to (in the tests and the
     * quick start http://localhost:&lt;port&gt;), then the application's context path.
     */
    static String walletBase(java.util.Optional<String> publicUrl, String scheme, String host, int port,
            String contextPath) {
        String origin = publicUrl.orElseGet(() -> {
            String name = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
            boolean defaultPort = port == ("https".equalsIgnoreCase(scheme) ? 443 : 80);
            return scheme + "://" + name + (defaultPort ? "" : ":" + port);
        });
        return origin + contextPath + "/sandbox/wallet/";
    }

    /** IOTPay's {@code params} form field, or (like XxPay) a raw JSON body. */
    private static Map<String, String> apiParameters(HttpServletRequest request) throws IOException {
        String params = request.getParameter("params");
        if (params == null) {
            params = new String(request.getInputStream().readNBytes(64 * 1024), StandardCharsets.UTF_8);
        }
        JsonObject json = Json.createReader(new StringReader(params)).readObject();
        return JsonText.of(json);
    }

    private static void json(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write(body);
    }
}
