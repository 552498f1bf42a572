package dev.iotpaymerchant.itsupport;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** GET /it-support/fulfilments/{mchOrderNo}: how many fulfilment events the order produced. */
@WebServlet("/it-support/fulfilments/*")
public class FulfilmentLedgerServlet extends HttpServlet {

    @Inject
    FulfilmentLedger ledger;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String number = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        response.setContentType("application/json");
        response.getWriter().write("{\"succeeded\":" + ledger.succeeded(number)
                + ",\"afterClose\":" + ledger.afterClose(number) + "}");
    }
}
