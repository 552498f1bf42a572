package dev.iotpaymerchant.sandbox;

import java.io.IOException;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The sandbox wallet, where a person pays for a redirect or QR channel's order (the page a QR code holds):
 * <ul>
 *   <li>{@code GET /sandbox/wallet/{payOrderId}}: the order, with Pay and Cancel</li>
 *   <li>{@code POST /sandbox/wallet/{payOrderId}/pay}: paid, and the notification goes out; then back to the
 *       order's returnUrl ({@code 303}, with IOTPay's browser-return parameters), else a page that says so</li>
 *   <li>{@code POST /sandbox/wallet/{payOrderId}/cancel}: cancelled (IOTPay's status 4)</li>
 *   <li>{@code GET /sandbox/wallet.css}: its only stylesheet</li>
 * </ul>
 */
@WebServlet({"/sandbox/wallet/*", "/sandbox/wallet.css"})
public class SandboxWalletServlet extends HttpServlet {

    @Inject
    SandboxGateway gateway;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getServletPath().equals("/sandbox/wallet.css")) {
            response.setContentType("text/css;charset=UTF-8");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Cache-Control", "no-cache");
            response.getWriter().write(SandboxWalletPage.CSS);
            return;
        }
        String[] parts = pathParts(request);
        Optional<SandboxOrder> order = parts.length == 2 ? gateway.orderByPayOrderId(parts[1]) : Optional.empty();
        if (order.isEmpty()) {
            html(response, 404, order, SandboxWalletPage.notFound(request.getContextPath()));
        } else {
            html(response, 200, order, SandboxWalletPage.wallet(order.get(), request.getContextPath()));
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] parts = pathParts(request);
        Optional<SandboxOrder> found = parts.length == 3 && (parts[2].equals("pay") || parts[2].equals("cancel"))
                ? gateway.orderByPayOrderId(parts[1]) : Optional.empty();
        String context = request.getContextPath();
        if (found.isEmpty()) {
            html(response, 404, found, SandboxWalletPage.notFound(context));
            return;
        }
        SandboxOrder order = found.get();
        if (parts[2].equals("pay")) {
            if (gateway.pay(order.mchOrderNo(), true)) {
                if (order.returnUrl().isEmpty()) {
                    html(response, 200, found, SandboxWalletPage.result(order, context, "Paid"));
                } else {
                    securityHeaders(response, found);
                    response.setStatus(303);
                    response.setHeader("Location", SandboxWalletPage.returnAddress(order));
                }
            } else {
                html(response, 409, found, SandboxWalletPage.result(order, context,
                        order.status() == SandboxOrder.CANCELLED ? "This order was cancelled; it can no longer be paid."
                                : "This order is already paid."));
            }
        } else if (gateway.cancel(order.mchOrderNo())) {
            html(response, 200, found, SandboxWalletPage.result(order, context, "Cancelled"));
        } else {
            html(response, 409, found, SandboxWalletPage.result(order, context,
                    order.status() == SandboxOrder.CANCELLED ? "This order is already cancelled."
                            : "This order is already paid; it can no longer be cancelled."));
        }
    }

    private static String[] pathParts(HttpServletRequest request) {
        return (request.getPathInfo() == null ? "" : request.getPathInfo()).split("/");
    }

    private static void html(HttpServletResponse response, int status, Optional<SandboxOrder> order, String page)
            throws IOException {
        securityHeaders(response, order);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write(page);
    }

    private static void securityHeaders(HttpServletResponse response, Optional<SandboxOrder> order) {
        response.setHeader("Content-Security-Policy", SandboxWalletPage.contentSecurityPolicy(order));
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cache-Control", "no-store");
    }
}
