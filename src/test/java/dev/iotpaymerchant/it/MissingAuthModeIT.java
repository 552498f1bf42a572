package dev.iotpaymerchant.it;

import static dev.iotpaymerchant.it.Backend.assertProblem;
import static dev.iotpaymerchant.it.Backend.deliver;
import static dev.iotpaymerchant.it.Backend.get;
import static dev.iotpaymerchant.it.Backend.getFrom;
import static dev.iotpaymerchant.it.Backend.postJson;
import static dev.iotpaymerchant.it.Backend.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A deployment that never chose between api.auth=jwt and none: it is not ready, names the
 * setting, and refuses every app call with 503, while IOTPay's notifications still get through.
 */
@ExtendWith(ArquillianExtension.class)
class MissingAuthModeIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Backend.war("api.auth=\n");
    }

    @Test
    void appCallsAre503NamingTheSetting() {
        for (HttpResponse<String> refused : new HttpResponse[] {
                postJson("/api/orders", "{\"channelId\":\"WX_APP\",\"amount\":100}"),
                get("/api/orders/MOwhatever000000000000"),
                get("/api/orders"),
                get("/api/pay?channelid=WX_APP&amount=1.00")}) {
            assertProblem(refused, 503);
            assertTrue(refused.body().contains("API_AUTH"), refused.body());
        }
    }

    @Test
    void itIsNotReadyAndSaysWhy() {
        HttpResponse<String> ready = getFrom(Backend.HEALTH, "/health/ready");
        assertEquals(503, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("api.auth"), ready.body());
    }

    @Test
    void notificationsStillReachVerification() {
        Map<String, String> notification = new LinkedHashMap<>();
        notification.put("mchId", Backend.MERCHANT_ID);
        notification.put("mchOrderNo", "MOneverissued000000000");
        notification.put("amount", "100");
        notification.put("currency", "CAD");
        notification.put("status", "2");
        notification.put("sign", "0".repeat(32));
        assertProblem(deliver(notification), 403); // checked, and refused as forged
        assertProblem(deliver(signed(notification, Backend.MERCHANT_KEY)), 404); // verified: no such order
    }
}
