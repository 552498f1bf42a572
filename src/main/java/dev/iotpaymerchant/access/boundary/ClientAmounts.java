package dev.iotpaymerchant.access.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.access.control.AccessSettings;
import dev.iotpaymerchant.access.control.Caller;
import dev.iotpaymerchant.platform.http.boundary.ProblemException;

/**
 * Who may set a price. The merchant's own servers (api.merchant-group) and operators may; with
 * api.auth=none every caller is trusted. Anyone else pays checkouts, unless api.client-amounts is
 * {@code allowed}: an app that chooses its own amount could pay 0.01 for anything.
 */
@ApplicationScoped
public class ClientAmounts {

    @Inject
    Caller caller;

    @Inject
    AccessSettings settings;

    /** Refuses with a 403 before anything is written when this caller may not choose an amount. */
    public void requireMayChoose() {
        if (!caller.isMerchant() && !settings.clientAmountsAllowed()) {
            throw new ProblemException(403, "client-amount-forbidden", "The amount is the merchant's to set",
                    "This caller may not choose an amount (api.client-amounts=forbidden): the shop's server creates "
                            + "a checkout (POST /api/checkouts) and the app pays it (POST /api/checkouts/{checkoutId}"
                            + "/payments, or GET /api/pay?checkout={checkoutId}&channelid=…).");
        }
    }
}
