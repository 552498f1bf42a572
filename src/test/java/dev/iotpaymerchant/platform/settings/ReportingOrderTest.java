package dev.iotpaymerchant.platform.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The components' settings are reported in the order they always were, now that each component
 * declares its own place ({@link ComponentSettings#reportingRank()}) instead of platform naming them.
 */
class ReportingOrderTest {

    @Test
    void componentsReportInTheOrderTheyAlwaysHadWhateverOrderTheContainerGivesThem() {
        List<String> reported = new ConfiguredNode(Map.of()).settings.components().stream()
                .map(component -> component.declared().get(0).component()).toList();
        assertEquals(List.of("iotpay", "platform", "orders", "idempotency", "checkouts", "refunds", "notifications",
                "fulfilment", "access", "console", "audit"), reported);
    }

    @Test
    void noTwoComponentsClaimTheSamePlace() {
        List<Integer> ranks = new ConfiguredNode(Map.of()).components().stream().map(ComponentSettings::reportingRank).toList();
        assertEquals(ranks.size(), ranks.stream().distinct().count(), "ranks " + ranks);
    }
}
