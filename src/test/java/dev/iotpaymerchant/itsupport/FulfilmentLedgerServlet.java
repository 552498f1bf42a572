package dev.iotpaymerchant.itsupport;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /it-support/fulfilments/{mchOrderNo}}: the business effects the order's events had,
 * how often the ledger was called, and what the audit observer saw.
 * {@code POST /it-support/fulfilments/{mchOrderNo}?failures=N}: the ledger throws N times for it
 * ({@code ?receiptFailures=N}: its receipt observer does); {@code ?hold=true}: it hangs until
 * {@code ?release=true} (at most 20 s; {@code hold} in the GET says none, waiting, released or expired).
 */
@WebServlet("/it-support/fulfilments/*")
public class FulfilmentLedgerServlet extends HttpServlet {

    @Inject
    FulfilmentLedger ledger;

    @Inject
    AuditTrail audit;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String number = number(request);
        response.setContentType("application/json");
        response.getWriter().write("{\"succeeded\":" + ledger.effects(number, "succeeded")
                + ",\"afterClose\":" + ledger.effects(number, "afterClose")
                + ",\"needsReview\":" + ledger.effects(number, "needsReview")
                + ",\"ledgerCalls\":" + ledger.calls(number)
                + ",\"receipts\":" + ledger.receipts(number)
                + ",\"receiptCalls\":" + ledger.receiptCalls(number)
                + ",\"auditSucceeded\":" + audit.seen(number, "payment.succeeded")
                + ",\"hold\":\"" + ledger.holdState(number) + "\"}");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
        if (request.getParameter("receiptFailures") != null) {
            ledger.failReceipts(number(request), Integer.parseInt(request.getParameter("receiptFailures")));
        } else if ("true".equals(request.getParameter("hold"))) {
            ledger.hold(number(request));
        } else if ("true".equals(request.getParameter("release"))) {
            ledger.release(number(request));
        } else {
            ledger.failNext(number(request), Integer.parseInt(request.getParameter("failures")));
        }
        response.setStatus(204);
    }

    private static String number(HttpServletRequest request) {
        return request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
    }
}
