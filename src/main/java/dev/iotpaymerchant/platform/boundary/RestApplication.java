package dev.iotpaymerchant.platform.boundary;

import java.util.Map;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Mobile apps and IOTPay depend on everything under /api: keep its contract exactly. */
@ApplicationPath("api")
@OpenAPIDefinition(
        info = @Info(title = "iotpay-merchant", version = "1",
                description = "Merchant backend for WeChat Pay and Alipay in-app payments through IOTPay. "
                        + "Amounts are integer minor units with an ISO currency, except `amount` on /api/pay, "
                        + "which is written in major units as IOTPay's app-integration guide does. "
                        + "Every error is an RFC 9457 application/problem+json document."),
        tags = {
                @Tag(name = "payments", description = "What mobile apps call"),
                @Tag(name = "iotpay", description = "What IOTPay calls")})
public class RestApplication extends Application {

    /** We publish OpenAPI; Jersey's generated WADL (/api/application.wadl) only widens the surface. */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
