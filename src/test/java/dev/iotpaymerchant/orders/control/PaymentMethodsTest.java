package dev.iotpaymerchant.orders.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.iotpay.control.IotPaySettings;
import dev.iotpaymerchant.iotpay.control.PayChannel;
import dev.iotpaymerchant.platform.settings.MapConfig;
import dev.iotpaymerchant.platform.settings.Settings;
import dev.iotpaymerchant.platform.values.InvalidRequest;

/** What each channel needs, checked before anything is written; the return-URL allow-list; ALIPAY_MOBILE's gate. */
class PaymentMethodsTest {

    private final PaymentMethods methods = methods(Map.of("orders.return-url-hosts", "shop.example, Pay.Shop.Example"));

    @Test
    void eachChannelTakesWhatItNeeds() {
        assertEquals(PayChannel.WX_NATIVE, methods.read("channelId", "WX_NATIVE", null, null, "SKU-1").channel());
        assertEquals("IOS", methods.read("channelId", "ALIPAY_WAP", "IOS", "https://shop.example/back", null).osType());
        assertEquals("https://pay.shop.example/wx", methods.read("channelId", "WX_JSAPI", null,
                "https://pay.shop.example/wx", null).returnUrl());
        for (String channel : new String[] {"WX_APP", "UPI_APP", "ALIPAY_PC", "UPI_SEQ", "ALIPAY_QR", "UPI_QR"}) {
            assertEquals(channel, methods.read("channelId", channel, null, null, null).channel().name());
        }
    }

    @Test
    void alipayWapWithoutOsTypeIsRefused() {
        assertRefused("needs 'osType'", () -> methods.read("channelId", "ALIPAY_WAP", null, null, null));
        assertRefused("IOS or ANDROID", () -> methods.read("channelId", "ALIPAY_WAP", "WINDOWS", null, null));
    }

    @Test
    void wechatBrowserPaymentsNeedAReturnUrl() {
        assertRefused("WX_JSAPI needs 'returnUrl'", () -> methods.read("channelId", "WX_JSAPI", null, null, null));
    }

    @Test
    void aReturnUrlIsTakenOnlyForAllowedHostsAndNeverAsAnOpenRedirect() {
        for (String foreign : new String[] {"https://evil.example/", "https://shop.example.evil.example/",
                "https://shop.example@evil.example/", "javascript:alert(1)", "//evil.example/", "/relative",
                "ftp://shop.example/", "https://shop.example/a b"}) {
            assertThrows(InvalidRequest.class, () -> methods.read("channelId", "ALIPAY_PC", null, foreign, null), foreign);
        }
        assertRefused("orders.return-url-hosts is empty",
                () -> methods(Map.of()).read("channelId", "ALIPAY_PC", null, "https://shop.example/", null));
        assertRefused("at most 200", () -> methods.read("channelId", "ALIPAY_PC", null,
                "https://shop.example/" + "a".repeat(200), null));
    }

    @Test
    void fieldsForOtherChannelsAreRefused() {
        assertRefused("browser channels", () -> methods.read("channelId", "WX_NATIVE", null, "https://shop.example/", null));
        assertRefused("WX_NATIVE only", () -> methods.read("channelId", "ALIPAY_QR", null, null, "SKU-1"));
        assertRefused("1 to 32", () -> methods.read("channelId", "WX_NATIVE", null, null, "<script>"));
    }

    @Test
    void unknownAndOfflineChannelsAreRefusedWithTheListOfChannels() {
        assertRefused("WX_NATIVE", () -> methods.read("channelId", "WX_MICROPAY", null, null, null));
        assertRefused("is required", () -> methods.read("channelid", null, null, null, null));
    }

    @Test
    void alipayMobileIsRefusedNamingAlipayWapUnlessTheContractStillHasIt() {
        assertRefused("use ALIPAY_WAP", () -> methods.read("channelId", "ALIPAY_MOBILE", "IOS", null, null));
        assertEquals(PayChannel.ALIPAY_MOBILE, methods(Map.of("iotpay.alipay-sdk", "true"))
                .read("channelId", "ALIPAY_MOBILE", "IOS", null, null).channel());
    }

    @Test
    void anOrderWithoutTheNewFieldsMeansWhatItMeantBefore() {
        NewOrder order = new NewOrder(PaymentMethod.of(PayChannel.WX_APP), 1999, "CAD", "Tea", "Green tea", null, null, "::1");
        assertEquals(String.join("\u0000", "WX_APP", "1999", "CAD", "Tea", "Green tea", "null", "null", "null"), order.meaning());
    }

    private static void assertRefused(String part, org.junit.jupiter.api.function.Executable request) {
        InvalidRequest refused = assertThrows(InvalidRequest.class, request);
        assertTrue(refused.detail().contains(part), refused.detail());
    }

    private static PaymentMethods methods(Map<String, String> values) {
        Map<String, String> config = new HashMap<>(values);
        config.put("iotpay.mch-id", "1");
        Settings settings = new Settings(new MapConfig(config));
        IotPaySettings iotpay = new IotPaySettings(settings);
        return new PaymentMethods(new OrderSettings(settings, iotpay), iotpay);
    }
}
