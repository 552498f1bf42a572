package dev.iotpaymerchant.notifications.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import org.junit.jupiter.api.Test;

class NotificationLimitsTest {

    @Test
    void theLimitsAreTheContractsIotPayNotificationLimits() {
        Schema<?> notification = new OpenAPIV3Parser().read("src/main/resources/META-INF/openapi.yaml")
                .getComponents().getSchemas().get("IotPayNotification");
        Map<String, Integer> contract = new TreeMap<>();
        notification.getProperties().forEach((name, property) -> contract.put(name, property.getMaxLength()));
        assertEquals(contract, new TreeMap<>(NotificationLimits.MAX_LENGTHS));
    }

    @Test
    void everyParameterAtItsLimitPassesAsItIs() {
        Map<String, String> atLimit = new LinkedHashMap<>();
        NotificationLimits.MAX_LENGTHS.forEach((name, max) -> atLimit.put(name, "\uD83D\uDE00".repeat(max / 2) + "x".repeat(max % 2)));
        atLimit.put("addedByIotPay", "y".repeat(10_000));
        assertSame(atLimit, NotificationLimits.check(atLimit));
    }

    @Test
    void oneCharacterMoreIsMalformed() {
        NotificationLimits.MAX_LENGTHS.forEach((name, max) -> {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> NotificationLimits.check(Map.of(name, "1".repeat(max + 1))), name);
            assertTrue(refused.getMessage().contains("'" + name + "' is longer than " + max), refused.getMessage());
        });
    }
}
