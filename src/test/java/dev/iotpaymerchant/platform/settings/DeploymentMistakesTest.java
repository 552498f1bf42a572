package dev.iotpaymerchant.platform.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.platform.http.ClientAddress;

/** The settings a copied quick start gets wrong: api.auth=none facing the internet, and plain http to the outside. */
class DeploymentMistakesTest {

    private final Map<String, String> values = new HashMap<>();
    private final ConfiguredNode node = new ConfiguredNode(values);
    private final Settings settings = node.settings;

    @BeforeEach
    void usable() {
        values.put("iotpay.mch-id", "10000701");
        values.put("iotpay.mch-key", "k");
        values.put("iotpay.notify-url", "https://shop.example/api/notify");
        values.put("api.auth", "none");
    }

    @Test
    void noneAnswersALanButNotAPublicAddressBehindATrustedProxy() {
        Set<String> proxies = Set.of("127.0.0.1");
        assertFalse(node.platform.noneModeAnswers(ClientAddress.resolve("127.0.0.1", "203.0.113.7", proxies)));
        assertTrue(node.platform.noneModeAnswers(ClientAddress.resolve("127.0.0.1", "192.168.1.20", proxies)));
        assertTrue(node.platform.noneModeAnswers(ClientAddress.resolve("127.0.0.1", null, proxies)), "the quick start");
        String fullLengthUniqueLocal = "fd12:3456:789a:bcde:f012:3456:789a:bcde"; // 39 characters: IOTPay's clientIp takes 32
        assertTrue(node.platform.noneModeAnswers(ClientAddress.resolveInFull("127.0.0.1", fullLengthUniqueLocal, proxies)));
        assertTrue(node.platform.noneModeAnswers(ClientAddress.resolve("127.0.0.1", "203.0.113.7", Set.of())),
                "an untrusted header changes nothing");
    }

    @Test
    void noneAllowNetworksWidensItExplicitly() {
        values.put("api.none-allow-networks", " 203.0.113.0/24 , 2001:db8::/32");
        assertTrue(node.platform.noneModeAnswers("203.0.113.7"));
        assertTrue(node.platform.noneModeAnswers("2001:db8::9"));
        assertFalse(node.platform.noneModeAnswers("198.51.100.7"));
        assertEquals(List.of(), settings.invalid());
        values.put("api.none-allow-networks", "203.0.113.0/24,the office");
        InvalidSettingException invalid = settings.invalid().get(0);
        assertEquals("api.none-allow-networks", invalid.key());
        assertTrue(invalid.getMessage().contains("API_NONE_ALLOW_NETWORKS"), invalid.getMessage());
        assertFalse(invalid.getMessage().contains("the office"), "never the value");
        assertThrows(InvalidSettingException.class, () -> node.platform.noneModeAnswers("203.0.113.7"));
    }

    @Test
    void httpIotPayAndWebhookUrlsAreUnusableSettings() {
        values.put("iotpay.api-url", "http://api.iotpaycloud.com/v1");
        values.put("webhooks.url", "http://hooks.example.com/iotpay");
        values.put("webhooks.secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertEquals(List.of("iotpay.api-url", "webhooks.url"), keys(settings.invalid()));
        assertTrue(settings.invalid().get(0).getMessage().contains("https://"), settings.invalid().get(0).getMessage());
        assertThrows(InvalidSettingException.class, settings::requireUsable, "nothing is written, nothing sent");
        values.put("iotpay.api-url", "http://localhost:8080/sandbox/v1");
        values.put("webhooks.url", "http://127.0.0.1:9000/hooks");
        assertEquals(List.of(), settings.invalid(), "loopback never leaves the machine");
    }

    @Test
    void aLabMayAllowHttpAndTheNodeSaysSoAtStart() {
        values.put("iotpay.api-url", "http://iotpay.lab.example/v1");
        values.put("webhooks.url", "http://hooks.lab.example/iotpay");
        values.put("webhooks.secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        values.put("http.allow-insecure-outbound", "true");
        assertEquals(List.of(), settings.invalid());
        List<String> warnings = warningsAtStart();
        assertTrue(warnings.stream().anyMatch(line -> line.contains("http.allow-insecure-outbound=true")), warnings.toString());
        values.put("http.allow-insecure-outbound", "yes");
        assertEquals(List.of("iotpay.api-url", "http.allow-insecure-outbound", "webhooks.url"), keys(settings.invalid()));
    }

    @Test
    void noneWarnsAtStartThatOnlyALanIsAnswered() {
        assertTrue(warningsAtStart().stream().anyMatch(line -> line.contains("api.auth=none") && line.contains("403")));
    }

    private List<String> warningsAtStart() {
        List<String> warnings = new ArrayList<>();
        Logger log = Logger.getAnonymousLogger();
        log.setUseParentHandlers(false);
        log.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        node.components().forEach(component -> component.sayAtStart(log));
        return warnings;
    }

    private static List<String> keys(List<InvalidSettingException> invalid) {
        return invalid.stream().map(InvalidSettingException::key).toList();
    }
}
