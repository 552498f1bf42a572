package dev.iotpaymerchant.sandbox;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** The sandbox's own knobs (sandbox.*), changeable at run time through its control API. */
@ApplicationScoped
public class SandboxSettings {

    /** XxPay's schedule: retry 1, 2, 3, 4 and 5 minutes after each failed delivery (6 attempts). */
    static final String XXPAY_RETRIES = "60,120,180,240,300";

    /** Looked up by loader, not injected: see {@code Settings#config} (a probe during deployment gets the server's). */
    Config config;

    @PostConstruct
    void readTheApplicationsConfig() {
        if (config == null) {
            config = ConfigProvider.getConfig(SandboxSettings.class.getClassLoader());
        }
    }

    private volatile Integer autoPaySeconds;

    /** Seconds after creation at which the payer "pays" by themselves; negative: only on request. */
    public int autoPaySeconds() {
        Integer override = autoPaySeconds;
        if (override != null) {
            return override;
        }
        return config.getOptionalValue("sandbox.auto-pay-seconds", Integer.class).orElse(-1);
    }

    public void autoPaySeconds(int seconds) {
        autoPaySeconds = seconds;
    }

    public List<Duration> retryDelays() {
        String schedule = config.getOptionalValue("sandbox.notify-retry-seconds", String.class).orElse(XXPAY_RETRIES);
        return Arrays.stream(schedule.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> Duration.ofSeconds(Long.parseLong(s)))
                .toList();
    }

    /**
     * Where people reach this server from outside ({@code sandbox.public-url}, {@code SANDBOX_PUBLIC_URL}:
     * {@code scheme://host[:port]}, without the context path), so that a phone on the same network can open the
     * wallet page a QR code leads to; empty: the address of the request that reached the sandbox's API.
     */
    public Optional<String> publicUrl() {
        return config.getOptionalValue("sandbox.public-url", String.class).map(String::trim)
                .filter(url -> !url.isEmpty()).map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    /** Where notification parameters go: both (default, like a real IOTPay merchant handler expects), query or body. */
    public String notifyPlacement() {
        return config.getOptionalValue("sandbox.notify-placement", String.class).orElse("both");
    }
}
