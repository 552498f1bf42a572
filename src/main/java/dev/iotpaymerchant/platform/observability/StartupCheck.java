package dev.iotpaymerchant.platform.observability;

import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.settings.ComponentSettings;
import dev.iotpaymerchant.platform.settings.InvalidSettingException;
import dev.iotpaymerchant.platform.settings.Settings;

/**
 * Says at deployment which required settings are missing (names only), so an operator does not
 * learn it from the first failed payment.
 */
@ApplicationScoped
public class StartupCheck {

    private static final Logger LOG = LogFields.logger(StartupCheck.class);

    @Inject
    Settings settings;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        List<String> missing = settings.missingRequired();
        List<InvalidSettingException> invalid = settings.invalid();
        invalid.forEach(problem -> LOG.severe(() -> problem.getMessage() + " Payments will be refused until it is fixed."));
        List<ComponentSettings> components = settings.components();
        components.forEach(component -> component.sayAtStart(LOG));
        if (missing.isEmpty()) {
            LOG.info(() -> "iotpay-merchant ready: " + components.stream().map(ComponentSettings::whenReady)
                    .flatMap(Optional::stream).collect(Collectors.joining(", ")));
        } else {
            for (String key : missing) {
                LOG.severe(() -> "Missing required setting '" + key + "' (environment variable "
                        + Settings.environmentVariableOf(key) + "): payments will be refused until it is set.");
            }
        }
    }
}
