package dev.iotpaymerchant.platform.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Missing or malformed configuration fails loudly, naming the key and its variable, never a value. */
class SettingsTest {

    private final Map<String, String> values = new HashMap<>();
    private final ConfiguredNode node = new ConfiguredNode(values);
    private final Settings settings = node.settings;

    @Test
    void namesEveryMissingRequiredKeyAndNothingElse() {
        assertEquals(List.of("iotpay.mch-id", "iotpay.mch-key", "iotpay.notify-url", "api.auth"), settings.missingRequired());
        values.put("iotpay.mch-id", "10000701");
        values.put("iotpay.mch-key", "   ");
        values.put("api.auth", "none");
        assertEquals(List.of("iotpay.mch-key", "iotpay.notify-url"), settings.missingRequired(), "blank is missing");
    }

    @Test
    void aMissingKeyIsAnErrorNamingItsEnvironmentVariable() {
        MissingSettingException missing = assertThrows(MissingSettingException.class, node.iotpay::merchantKey);
        assertEquals("iotpay.mch-key", missing.key());
        assertTrue(missing.getMessage().contains("IOTPAY_MCH_KEY"), missing.getMessage());
    }

    @Test
    void aMalformedNumberNamesTheKeyButNotTheValue() {
        values.put("iotpay.read-timeout-ms", "fifteen-secret-seconds");
        IllegalStateException wrong = assertThrows(IllegalStateException.class, node.iotpay::readTimeout);
        assertTrue(wrong.getMessage().contains("IOTPAY_READ_TIMEOUT_MS"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("fifteen-secret-seconds"));
    }

    @Test
    void defaultsAreThoseTheReadmeDocuments() {
        assertEquals("https://api.iotpaycloud.com/v1", node.iotpay.apiUrl().toString());
        assertEquals("CAD", node.iotpay.currency());
        assertEquals(Duration.ofMillis(5000), node.iotpay.connectTimeout());
        assertEquals(Duration.ofMillis(15000), node.iotpay.readTimeout());
        assertEquals(Duration.ofSeconds(60), node.platform.reconcileInterval());
        assertEquals(Duration.ofSeconds(60), node.orders.reconcileAfter());
        assertEquals(Duration.ofSeconds(7200), node.orders.expireAfter());
        assertEquals(Duration.ofHours(24), node.idempotency.retention());
        assertEquals(1_000_000, node.orders.maxAmount());
        assertEquals(Duration.ofHours(48), node.orders.latePaymentWatch());
        assertEquals(Duration.ofHours(48), node.refunds.refundSettleWatch());
        assertEquals(Optional.empty(), node.fulfilment.webhooksUrl());
        assertEquals(Duration.ofMillis(15000), node.fulfilment.webhooksTimeout());
        assertEquals(List.of(5L, 60L, 300L, 1800L, 7200L, 18000L, 36000L, 86400L, 86400L, 86400L),
                node.fulfilment.retrySchedule().stream().map(Duration::toSeconds).toList());
        assertEquals(600, node.notifications.refusedLogPerMinute());
        assertEquals(Duration.ofDays(90), node.notifications.notificationRetention());
        assertEquals(Duration.ofSeconds(5), node.fulfilment.dispatchInterval());
        assertEquals(List.of(), settings.invalid(), "the defaults are a usable configuration");
    }

    @Test
    void theSweepMustNotAskBeforeACreateOrderCanHaveLanded() {
        values.put("orders.reconcile.after-seconds", "20");
        InvalidSettingException invalid = settings.invalid().get(0);
        assertEquals("orders.reconcile.after-seconds", invalid.key());
        assertTrue(invalid.getMessage().contains("ORDERS_RECONCILE_AFTER_SECONDS"), invalid.getMessage());
        values.put("orders.reconcile.after-seconds", "21");
        assertEquals(List.of(), settings.invalid());
        values.put("iotpay.read-timeout-ms", "30000");
        assertEquals("orders.reconcile.after-seconds", settings.invalid().get(0).key());
    }

    @Test
    void aWebhookUrlNeedsAWellFormedSecret() {
        requireAll();
        values.put("webhooks.url", "https://shop.example/hooks/iotpay");
        assertEquals(List.of("webhooks.secret"), settings.missingRequired());
        assertThrows(MissingSettingException.class, settings::requireUsable);
        values.put("webhooks.secret", "whsec_not base64!");
        assertEquals("webhooks.secret", settings.invalid().get(0).key());
        assertFalse(settings.invalid().get(0).getMessage().contains("not base64"), "never the value");
        assertThrows(InvalidSettingException.class, settings::requireUsable);
        values.put("webhooks.secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertEquals(List.of(), settings.invalid());
        settings.requireUsable();
        assertEquals(24, node.fulfilment.webhooksKey().length);
    }

    @Test
    void aRetryScheduleIsPositiveWholeSeconds() {
        values.put("webhooks.retry-schedule-seconds", " 1, 2 ,3");
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3)), node.fulfilment.retrySchedule());
        for (String bad : new String[] {"1,,2", "0", "-5", "1.5", "soon"}) {
            values.put("webhooks.retry-schedule-seconds", bad);
            assertEquals("webhooks.retry-schedule-seconds", settings.invalid().get(0).key(), bad);
        }
    }

    private void requireAll() {
        values.put("iotpay.mch-id", "10000701");
        values.put("iotpay.mch-key", "k");
        values.put("iotpay.notify-url", "https://shop.example/api/notify");
        values.put("api.auth", "none");
    }

    @Test
    void theAuthenticationModeHasNoDefaultAndOnlyTwoValues() {
        requireAll();
        assertEquals(AuthMode.NONE, node.platform.authMode());
        values.put("api.auth", "jwt");
        assertEquals(AuthMode.JWT, node.platform.authMode());
        assertEquals(List.of("mp.jwt.verify.issuer", "mp.jwt.verify.publickey.location", "mp.jwt.verify.audiences"),
                settings.missingRequired(), "jwt needs the identity provider's issuer and keys, and the API's audience");
        values.put("mp.jwt.verify.issuer", "https://id.example");
        values.put("mp.jwt.verify.publickey", "{\"kty\":\"RSA\"}");
        values.put("mp.jwt.verify.audiences", " , ");
        assertEquals(List.of("mp.jwt.verify.audiences"), settings.missingRequired(), "no audience named is none");
        assertThrows(MissingSettingException.class, node.access::tokenAudiences);
        values.put("mp.jwt.verify.audiences", " api, console ,");
        assertEquals(List.of(), settings.missingRequired());
        assertEquals(java.util.Set.of("api", "console"), node.access.tokenAudiences());
        values.put("api.auth", "oauth");
        assertEquals("api.auth", settings.invalid().get(0).key());
        assertThrows(InvalidSettingException.class, node.platform::authMode);
        values.remove("api.auth");
        assertThrows(MissingSettingException.class, node.platform::authMode);
        assertEquals(List.of("api.auth"), settings.missingRequired());
        assertEquals("operator", node.access.operatorGroup());
        assertEquals(30, node.access.createRatePerMinute());
    }

    @Test
    void aJwksUrlIsHttpsOrOnALoopbackAddress() {
        requireAll();
        values.put("api.auth", "jwt");
        values.put("mp.jwt.verify.issuer", "https://id.example");
        values.put("mp.jwt.verify.audiences", "api");
        for (String fine : List.of("https://id.example/realms/shop/protocol/openid-connect/certs", "HTTPS://id.example/jwks",
                "http://localhost:8180/jwks", "http://127.0.0.1/jwks", "http://127.8.9.10:99/jwks", "http://[::1]:8080/jwks",
                "file:/etc/iotpay/jwks.json", "/etc/iotpay/idp.pem", "keys/idp.pem")) {
            values.put("mp.jwt.verify.publickey.location", fine);
            assertEquals(List.of(), settings.invalid(), fine);
        }
        for (String refused : List.of("http://id.example/jwks", "http://10.0.0.5/jwks", "http://127.0.0.1.evil.example/jwks",
                "http://localhost.evil.example/jwks", "http://128.0.0.1/jwks", "http://[::2]/jwks", "ftp://id.example/jwks",
                "http:///jwks")) {
            values.put("mp.jwt.verify.publickey.location", refused);
            List<InvalidSettingException> invalid = settings.invalid();
            assertEquals(1, invalid.size(), refused);
            assertEquals("mp.jwt.verify.publickey.location", invalid.get(0).key(), refused);
            assertTrue(invalid.get(0).getMessage().contains("https://"), invalid.get(0).getMessage());
            assertThrows(InvalidSettingException.class, settings::requireUsable, refused);
        }
        values.put("api.auth", "none");
        assertEquals(List.of(), settings.invalid(), "without jwt the keys are not read");
    }

    @Test
    void thePreviousMerchantKeyIsOptional() {
        assertEquals(Optional.empty(), node.iotpay.merchantKeyPrevious());
        values.put("iotpay.mch-key-previous", " OLDKEY ");
        assertEquals(Optional.of("OLDKEY"), node.iotpay.merchantKeyPrevious());
        requireAll();
        assertEquals(List.of(), settings.missingRequired());
    }

    @Test
    void whileAPreviousWebhookSecretIsSetWebhooksAreSignedWithBoth() {
        requireAll();
        values.put("webhooks.url", "https://shop.example/hooks/iotpay");
        values.put("webhooks.secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertEquals(1, node.fulfilment.webhooksKeys().size());
        values.put("webhooks.secret-previous", "whsec_not base64!");
        InvalidSettingException invalid = settings.invalid().get(0);
        assertEquals("webhooks.secret-previous", invalid.key());
        assertTrue(invalid.getMessage().contains("WEBHOOKS_SECRET_PREVIOUS"), invalid.getMessage());
        assertFalse(invalid.getMessage().contains("not base64"), "never the value");
        assertThrows(InvalidSettingException.class, settings::requireUsable);
        values.put("webhooks.secret-previous", "whsec_c2hvcnQ=");
        assertEquals("webhooks.secret-previous", settings.invalid().get(0).key(), "too short, like the current one");
        values.put("webhooks.secret-previous", "whsec_QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB");
        assertEquals(List.of(), settings.invalid());
        List<byte[]> keys = node.fulfilment.webhooksKeys();
        assertEquals(2, keys.size());
        assertEquals(java.util.Arrays.toString(node.fulfilment.webhooksKey()), java.util.Arrays.toString(keys.get(0)), "the current one first");
        assertEquals("AAAAAAAAAAAAAAAAAAAAAAAA", new String(keys.get(1), java.nio.charset.StandardCharsets.US_ASCII));
        values.put("webhooks.secret-previous", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertEquals(1, node.fulfilment.webhooksKeys().size(), "the same secret twice signs once");
    }

    @Test
    void severalProblemsAreReportedComponentByComponent() {
        values.put("iotpay.mch-key", "k");
        values.put("api.auth", "jwt");
        values.put("webhooks.url", "https://shop.example/hooks/iotpay");
        assertEquals(List.of("iotpay.mch-id", "iotpay.notify-url", "webhooks.secret", "mp.jwt.verify.issuer",
                "mp.jwt.verify.publickey.location", "mp.jwt.verify.audiences"), settings.missingRequired());
        values.put("orders.reconcile.after-seconds", "5");
        values.put("webhooks.retry-schedule-seconds", "soon");
        values.put("mp.jwt.verify.publickey.location", "http://id.example/jwks");
        assertEquals(List.of("orders.reconcile.after-seconds", "webhooks.retry-schedule-seconds",
                "mp.jwt.verify.publickey.location"), settings.invalid().stream().map(InvalidSettingException::key).toList());
    }

    @Test
    void idempotencyKeysAreKeptAtLeastADay() {
        values.put("orders.idempotency-retention-hours", "1");
        assertEquals(Duration.ofHours(24), node.idempotency.retention());
    }

    @Test
    void mapsKeysToEnvironmentVariablesTheMicroProfileWay() {
        assertEquals("ORDERS_RECONCILE_INTERVAL_SECONDS", Settings.environmentVariableOf("orders.reconcile.interval-seconds"));
    }
}
