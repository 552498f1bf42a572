package dev.iotpaymerchant.orders.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * What the app asked for with an order besides its amount, as it was sent on to IOTPay: the texts
 * the payer sees, the app's own parameters, and where the request came from. Never changes.
 */
@Embeddable
public class OrderDetails {

    @Column(name = "subject", length = 64, nullable = false, updatable = false)
    private String subject;

    @Column(name = "body", length = 255, nullable = false, updatable = false)
    private String body;

    @Column(name = "param1", length = 64, updatable = false)
    private String param1;

    @Column(name = "param2", length = 64, updatable = false)
    private String param2;

    @Column(name = "os_type", length = 10, updatable = false)
    private String osType;

    @Column(name = "client_ip", length = 45, nullable = false, updatable = false)
    private String clientIp;

    protected OrderDetails() {
        // for JPA
    }

    public OrderDetails(String subject, String body, String param1, String param2, String osType, String clientIp) {
        this.subject = subject;
        this.body = body;
        this.param1 = param1;
        this.param2 = param2;
        this.osType = osType;
        this.clientIp = clientIp;
    }

    public String subject() {
        return subject;
    }

    public String body() {
        return body;
    }

    public String param1() {
        return param1;
    }

    public String param2() {
        return param2;
    }

    public String osType() {
        return osType;
    }

    public String clientIp() {
        return clientIp;
    }
}
