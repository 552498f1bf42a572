package dev.iotpaymerchant.platform.http.boundary;

import java.util.Map;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * Mobile apps and IOTPay depend on everything under /api: keep its contract exactly. The contract is
 * {@code META-INF/openapi.yaml}; a new or changed endpoint changes it in the same commit
 * (ContractCoverageTest fails otherwise).
 */
@ApplicationPath("api")
public class RestApplication extends Application {

    /** We publish OpenAPI; Jersey's generated WADL (/api/application.wadl) only widens the surface. */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
