package dev.iotpaymerchant.sandbox;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Quick-start defaults that point the backend at the sandbox inside the same server on
 * localhost:8080. Its ordinal is below every other source, so environment variables and system
 * properties still win. The merchant key is made up afresh at every start: the sandbox and the
 * backend share it in memory, and it exists nowhere else. It starts with SANDBOX-, as {@link SandboxGuard} wants.
 */
public class SandboxConfigSource implements ConfigSource {

    private static final String KEY = SandboxGuard.KEY_PREFIX + HexFormat.of().withUpperCase().formatHex(randomBytes());

    private static final Map<String, String> VALUES = Map.of(
            "iotpay.mch-id", "10000701",
            "iotpay.mch-key", KEY,
            "iotpay.api-url", "http://localhost:8080/sandbox/v1",
            "iotpay.notify-url", "http://localhost:8080/api/notify",
            "iotpay.job-no", "sandbox-cashier",
            "iotpay.wx-app-id", "wx0sandbox0app0id",
            "sandbox.auto-pay-seconds", "3",
            // The demo checkout (/sandbox/demo/) sends the payer's browser back to itself.
            "orders.return-url-hosts", "localhost",
            // The quick start trusts every caller; production chooses jwt or none explicitly.
            "api.auth", "none");

    @Override
    public Set<String> getPropertyNames() {
        return VALUES.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return VALUES.get(propertyName);
    }

    @Override
    public String getName() {
        return "iotpay-sandbox-defaults";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
