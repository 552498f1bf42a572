package dev.iotpaymerchant.sandbox;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.iotpay.control.IotPaySettings;
import dev.iotpaymerchant.platform.settings.ComponentSettings;
import dev.iotpaymerchant.platform.settings.InvalidSettingException;
import dev.iotpaymerchant.platform.settings.Setting;
import dev.iotpaymerchant.platform.settings.Settings;

/**
 * Keeps the sandbox build away from production settings. This build fakes IOTPay: it marks its own orders paid
 * and signs the notifications with the merchant key. Given a real key, it would sign fake payments with it; given
 * IOTPay's real URL, the backend would send real orders while the fake one answers the wallet. So it takes only
 * keys it issued (they start with {@value #KEY_PREFIX}: {@link SandboxConfigSource} makes one at every start, and the
 * tests' key has the same form; IOTPay's keys never do) and only a sandbox's API ({@value #API_PATH}, its own or a
 * sibling sandbox build's). With anything else, both settings are unusable: readiness is DOWN naming them, the work
 * gate stays closed, and {@link SandboxFilter} refuses every call to /api and /sandbox.
 */
@ApplicationScoped
public class SandboxGuard implements ComponentSettings {

    static final String KEY_PREFIX = "SANDBOX-";
    static final String API_PATH = "/sandbox/v1";

    private static final String COMPONENT = "sandbox";
    private static final List<Setting> DECLARED = List.of(
            Setting.withDefault(COMPONENT, "sandbox.auto-pay-seconds", "-1", "seconds after which SDK orders pay by themselves"),
            Setting.withDefault(COMPONENT, "sandbox.notify-retry-seconds", SandboxSettings.XXPAY_RETRIES,
                    "waits between the sandbox's notification retries"),
            Setting.optional(COMPONENT, "sandbox.public-url", "where phones reach this server (the wallet pages)"),
            Setting.withDefault(COMPONENT, "sandbox.notify-placement", "both", "where notification parameters go"));

    @Inject
    Settings settings;

    SandboxGuard() {
        // for CDI
    }

    /** Reads through {@code settings} without a container (the unit tests). */
    SandboxGuard(Settings settings) {
        this.settings = settings;
    }

    @Override
    public List<Setting> declared() {
        return DECLARED;
    }

    /** After every component of the product: the sandbox is a test double, not one of them. */
    @Override
    public int reportingRank() {
        return 1000;
    }

    @Override
    public List<InvalidSettingException> invalid() {
        List<InvalidSettingException> invalid = new ArrayList<>();
        if (settings.optional(IotPaySettings.MERCHANT_KEY).filter(key -> !key.startsWith(KEY_PREFIX)).isPresent()) {
            invalid.add(new InvalidSettingException(IotPaySettings.MERCHANT_KEY.key(), "is not a key this sandbox build issued"
                    + " (they start with " + KEY_PREFIX + "): the sandbox build fakes IOTPay and would sign fake payments with it"));
        }
        if (!sandboxApi(settings.orDefault(IotPaySettings.API_URL))) {
            invalid.add(new InvalidSettingException(IotPaySettings.API_URL.key(), "is not a sandbox's API (…" + API_PATH
                    + "): the sandbox build never calls the real IOTPay"));
        }
        return invalid;
    }

    /** Why this node refuses to work, naming both settings in one line, or empty when it may. */
    public Optional<String> refusal() {
        List<String> wrong = invalid().stream().map(InvalidSettingException::key).toList();
        if (wrong.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("This is the sandbox build: it fakes IOTPay, so it refuses production settings and takes no"
                + " call to /api or /sandbox until they are its own. It needs " + IotPaySettings.MERCHANT_KEY.key() + " ("
                + IotPaySettings.MERCHANT_KEY.environmentVariable() + ") to be a key it issued (" + KEY_PREFIX + "…) and "
                + IotPaySettings.API_URL.key() + " (" + IotPaySettings.API_URL.environmentVariable() + ") to be a sandbox's"
                + " API (…" + API_PATH + "); refused now: " + String.join(", ", wrong) + ". For production, deploy the"
                + " WAR that mvn package builds, never iotpay-merchant-sandbox.war.");
    }

    @Override
    public void sayAtStart(Logger log) {
        refusal().ifPresentOrElse(log::severe, () -> log.warning("This is the sandbox build: it fakes IOTPay (payments are"
                + " not real). Every answer carries Sandbox: true; never deploy it for real payments."));
    }

    static boolean sandboxApi(String url) {
        try {
            String path = URI.create(url.trim()).getPath();
            String trimmed = path != null && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            return trimmed != null && trimmed.endsWith(API_PATH);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
