package dev.iotpaymerchant.platform.control;

import java.util.List;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Says at deployment which required settings are missing (names only), so an operator does not
 * learn it from the first failed payment.
 */
@ApplicationScoped
public class StartupCheck {

    private static final Logger LOG = Logger.getLogger(StartupCheck.class.getName());

    @Inject
    Settings settings;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        List<String> missing = settings.missingRequired();
        List<InvalidSettingException> invalid = settings.invalid();
        invalid.forEach(problem -> LOG.severe(() -> problem.getMessage() + " Payments will be refused until it is fixed."));
        if (settings.optional(Settings.API_AUTH).filter("none"::equals).isPresent()) {
            LOG.warning("api.auth=none: every caller of /api is trusted (it may create, read and list every order)."
                    + " Only for deployments behind an API gateway that authenticates callers.");
        }
        if (settings.webhooksUrl().isEmpty()) {
            LOG.info("No webhooks.url: payment events go to CDI observers only");
        }
        if (missing.isEmpty()) {
            LOG.info(() -> "iotpay-merchant ready: merchant " + settings.merchantId()
                    + ", IOTPay at " + settings.apiUrl() + ", notifications to " + settings.notifyUrl());
        } else {
            for (String key : missing) {
                LOG.severe(() -> "Missing required setting '" + key + "' (environment variable "
                        + Settings.environmentVariableOf(key) + "): payments will be refused until it is set.");
            }
        }
    }
}
