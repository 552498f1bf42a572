package dev.iotpaymerchant.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.platform.settings.InvalidSettingException;
import dev.iotpaymerchant.platform.settings.MapConfig;
import dev.iotpaymerchant.platform.settings.Settings;

/** The sandbox build takes only keys it issued and a sandbox's API: never a merchant's real key or IOTPay's URL. */
class SandboxGuardTest {

    private final Map<String, String> values = new HashMap<>();
    private final SandboxGuard guard = new SandboxGuard(new Settings(new MapConfig(values)));

    @Test
    void itsOwnKeyAndItsOwnApiAreFine() {
        values.put("iotpay.mch-key", new SandboxConfigSource().getValue("iotpay.mch-key"));
        values.put("iotpay.api-url", new SandboxConfigSource().getValue("iotpay.api-url"));
        assertEquals(List.of(), guard.invalid());
        assertEquals(Optional.empty(), guard.refusal());
        values.put("iotpay.mch-key", "SANDBOX-IT-ONLY-KEY-9f3c1e77a2b84d0c");
        for (String sandbox : List.of("http://localhost:18080/sandbox/v1", "http://localhost:18100/iotpay/sandbox/v1/",
                "http://localhost:18090/sandbox/v1")) {
            values.put("iotpay.api-url", sandbox);
            assertEquals(List.of(), guard.invalid(), sandbox + ": its own, under any context root, or a sibling sandbox's");
        }
    }

    @Test
    void aRealLookingKeyAndIotPaysUrlAreRefusedNamingBothInOneLine() {
        values.put("iotpay.mch-key", "7D3F0A9C51B24E8F9A6C0D1E2F3A4B5C");
        // iotpay.api-url unset: IOTPay's real API by default
        assertEquals(List.of("iotpay.mch-key", "iotpay.api-url"), guard.invalid().stream().map(InvalidSettingException::key).toList());
        String line = guard.refusal().orElseThrow();
        assertTrue(line.contains("iotpay.mch-key") && line.contains("iotpay.api-url") && !line.contains("\n"), line);
        assertFalse(line.contains("7D3F0A9C"), "never the key");
        values.put("iotpay.mch-key", "SANDBOX-mine");
        assertEquals(List.of("iotpay.api-url"), guard.invalid().stream().map(InvalidSettingException::key).toList());
        values.put("iotpay.api-url", "https://api.iotpaycloud.com/v1");
        assertTrue(guard.refusal().isPresent());
    }

    @Test
    void aMissingKeyIsLeftToTheMissingSettingsReport() {
        values.put("iotpay.api-url", "http://localhost:8080/sandbox/v1");
        assertEquals(List.of(), guard.invalid());
    }
}
