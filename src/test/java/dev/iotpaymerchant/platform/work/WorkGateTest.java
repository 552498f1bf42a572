package dev.iotpaymerchant.platform.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.platform.settings.ConfiguredNode;

/** A node whose settings are unusable takes no shared work, says so once, and starts as soon as they are fixed. */
class WorkGateTest {

    private final Map<String, String> values = new HashMap<>(Map.of(
            "iotpay.mch-id", "10000701", "iotpay.notify-url", "https://shop.example/api/notify", "api.auth", "none"));
    private final WorkGate gate = new WorkGate();
    private final List<LogRecord> logged = new ArrayList<>();
    private final Logger log = Logger.getLogger(WorkGate.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    WorkGateTest() {
        gate.settings = new ConfiguredNode(values).settings;
        log.addHandler(capture);
    }

    @AfterEach
    void detach() {
        log.removeHandler(capture);
    }

    @Test
    void aNodeWithoutItsMerchantKeyTakesNoSharedWorkAndSaysWhyOnce() {
        for (int run = 0; run < 5; run++) {
            assertFalse(gate.open());
        }
        assertEquals(1, logged.size(), "said once, however often the timers ask");
        assertTrue(logged.get(0).getMessage().contains("iotpay.mch-key"), logged.get(0).getMessage());
    }

    @Test
    void itStartsWorkingAsSoonAsTheSettingIsThereWithoutARestart() {
        assertFalse(gate.open());
        values.put("iotpay.mch-key", "a-key-from-a-secret-store");
        assertTrue(gate.open());
        assertTrue(gate.open());
        assertEquals(2, logged.size(), "closed once, opened once");
        assertFalse(logged.get(1).getMessage().contains("a-key-from-a-secret-store"), "never a value");
    }

    @Test
    void anInvalidSettingClosesTheGateToo() {
        values.put("iotpay.mch-key", "k");
        values.put("webhooks.url", "ftp://hooks.example");
        values.put("webhooks.secret", "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]));
        assertFalse(gate.open());
        assertTrue(logged.get(0).getMessage().contains("webhooks.url"), logged.get(0).getMessage());
    }
}
