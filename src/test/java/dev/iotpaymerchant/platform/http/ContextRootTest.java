package dev.iotpaymerchant.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Paths the application writes lead back to it under any context root the deployment chose (ADR 0016). */
class ContextRootTest {

    @AfterEach
    void forget() {
        ContextRoot.forget();
        System.clearProperty(ContextRoot.WILDFLY_PROPERTY);
    }

    @Test
    void atTheRootPathsAreWrittenAsTheyAre() {
        ContextRoot.started("");
        assertEquals("/api/orders/MO1", ContextRoot.of("/api/orders/MO1"));
        ContextRoot.started("/");
        assertEquals("/api/orders/MO1", ContextRoot.of("/api/orders/MO1"));
    }

    @Test
    void underAContextRootPathsBeginWithIt() {
        ContextRoot.started("/payments");
        assertEquals("/payments/api/orders/MO1", ContextRoot.of("/api/orders/MO1"));
        ContextRoot.started("payments/"); // as an operator might write it
        assertEquals("/payments", ContextRoot.path());
        ContextRoot.started("/shop/payments");
        assertEquals("/shop/payments/api/pay", ContextRoot.of("/api/pay"));
    }

    @Test
    void beforeTheContextStartsWildFlysSystemPropertyNamesIt() {
        assertTrue(ContextRoot.known().isEmpty());
        assertEquals("", ContextRoot.expected(), "the root by default, as jboss-web.xml's ${iotpay.context-root:/}");
        System.setProperty(ContextRoot.WILDFLY_PROPERTY, "/payments");
        assertEquals("/payments", ContextRoot.expected());
        ContextRoot.started("/shop"); // once known, what the server did wins
        assertEquals("/shop", ContextRoot.expected());
    }
}
