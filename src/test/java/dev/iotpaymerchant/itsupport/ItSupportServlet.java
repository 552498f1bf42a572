package dev.iotpaymerchant.itsupport;

import java.io.IOException;
import java.time.Duration;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.iotpaymerchant.fulfilment.control.Dispatcher;
import dev.iotpaymerchant.orders.control.OrderSweep;

/**
 * Test-only controls, so tests drive time instead of waiting for it:
 * <ul>
 *   <li>{@code POST /it-support/clock?advanceSeconds=N}, {@code ?freeze=true}, {@code ?freeze=false}</li>
 *   <li>{@code POST /it-support/sweep} (the order sweep, the refund sweep and housekeeping),
 *   {@code POST /it-support/dispatch}: run them now, on this thread</li>
 *   <li>{@code GET /it-support/events/{mchOrderNo}}: the order's outbox events and webhook attempts</li>
 *   <li>{@code GET /it-support/attempt/{mchOrderNo}}: the checkout the order tries to pay and its close time</li>
 *   <li>{@code GET /it-support/notifications?latest=N}, {@code GET /it-support/notifications/count}</li>
 *   <li>{@code POST /it-support/interrupted-refund?order=…&key=…} (body: the refund request): a refund
 *       request whose node died after sending it, see {@link InterruptedRefunds}</li>
 *   <li>{@code POST /it-support/overtaken-order?key=…&amount=…}: a keyed order whose request stalls
 *       before it stores its order until a retry took its key over, see {@link OvertakenOrders}</li>
 *   <li>{@code GET /it-support/refund-key?key=…}: whether that refund Idempotency-Key is still stored</li>
 *   <li>{@code GET /it-support/datasource}: the backend's own datasource: its JDBC URL, database product, and
 *       whether the {@code payment_order} table is there</li>
 * </ul>
 */
@WebServlet("/it-support/control/*")
public class ItSupportServlet extends HttpServlet {

    @Inject
    OrderSweep orderSweep;

    @Inject
    Dispatcher dispatcher;

    @Inject
    dev.iotpaymerchant.refunds.control.RefundSweep refundSweep;

    @Inject
    dev.iotpaymerchant.platform.work.HousekeepingTimer housekeeping;

    @Inject
    ItSupportQueries queries;

    @Inject
    dev.iotpaymerchant.checkouts.control.CheckoutExpiry checkoutExpiry;

    @Inject
    InterruptedRefunds interrupted;

    @Inject
    OvertakenOrders overtaken;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        switch (path) {
            case "/clock" -> {
                if (request.getParameter("advanceSeconds") != null) {
                    AdjustableClock.advance(Duration.ofSeconds(Long.parseLong(request.getParameter("advanceSeconds"))));
                }
                if ("true".equals(request.getParameter("freeze"))) {
                    AdjustableClock.freeze();
                } else if ("false".equals(request.getParameter("freeze"))) {
                    AdjustableClock.thaw();
                }
                json(response, "{\"now\":\"" + AdjustableClock.now() + "\"}");
            }
            case "/sweep" -> {
                // What the timers do, one after another, now: checkout expiry, the order sweep, the refund sweep,
                // housekeeping.
                int expired = checkoutExpiry.expireDue();
                int checked = orderSweep.sweep();
                int refunds = refundSweep.sweep();
                housekeeping.run();
                json(response, "{\"checked\":" + checked + ",\"refundsChecked\":" + refunds + ",\"checkoutsExpired\":" + expired + "}");
            }
            case "/dispatch" -> json(response, "{\"attempted\":" + dispatcher.dispatch() + "}");
            // Breaks a row on purpose, as a bug or a hand in the database would: the self-audit must find it.
            case "/break-row" -> json(response, "{\"updated\":" + queries.breakRow(
                    new String(request.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)) + "}");
            case "/interrupted-refund" -> json(response, "{\"refundNo\":\"" + interrupted.interrupt(
                    request.getParameter("order"), request.getParameter("key"),
                    new String(request.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)) + "\"}");
            case "/overtaken-order" -> {
                String url = request.getRequestURL().toString();
                String base = url.substring(0, url.indexOf("/it-support/"));
                json(response, overtaken.overtake(base, request.getParameter("key"),
                        Long.parseLong(request.getParameter("amount"))));
            }
            default -> response.sendError(404);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (path.startsWith("/events/")) {
            json(response, queries.events(path.substring("/events/".length())));
        } else if (path.startsWith("/attempt/")) {
            json(response, queries.attempt(path.substring("/attempt/".length())));
        } else if (path.equals("/notifications/count")) {
            json(response, "{\"count\":" + queries.notificationCount(request.getParameter("outcome")) + "}");
        } else if (path.equals("/refund-key")) {
            json(response, "{\"stored\":" + interrupted.isStored(request.getParameter("key")) + "}");
        } else if (path.equals("/datasource")) {
            json(response, queries.datasource());
        } else if (path.equals("/notifications")) {
            json(response, queries.latestNotifications(Integer.parseInt(request.getParameter("latest"))));
        } else {
            response.sendError(404);
        }
    }

    private static void json(HttpServletResponse response, String body) throws IOException {
        response.setContentType("application/json;charset=UTF-8");
        // Bytes, not getWriter(): Payara's response Writer turns a four-byte character that straddles its
        // buffer's end into "??" (seen with the largest checkout's events, LargestRequestsIT).
        response.getOutputStream().write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
