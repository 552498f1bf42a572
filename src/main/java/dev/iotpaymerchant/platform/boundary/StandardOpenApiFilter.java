package dev.iotpaymerchant.platform.boundary;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.microprofile.openapi.OASFilter;
import dev.iotpaymerchant.platform.control.LogFields;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Keeps the served contract standard OpenAPI. Payara adds a top-level {@code endpoints} member to
 * every document it serves (its own list of the deployed paths), which openapi-generator and
 * swagger-parser reject, and no MicroProfile API can remove it. Payara's model has a public
 * {@code setEndpoints(Map)}; emptying the map keeps the member out. Other servers have no such
 * method, and nothing happens. Registered with {@code mp.openapi.filter}; ApiContractIT fails if
 * the member ever comes back. See docs/decisions/0007-a-committed-openapi-contract.md.
 */
public class StandardOpenApiFilter implements OASFilter {

    private static final Logger LOG = LogFields.logger(StandardOpenApiFilter.class);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Method setEndpoints;
        try {
            setEndpoints = openAPI.getClass().getMethod("setEndpoints", Map.class);
        } catch (NoSuchMethodException notPayara) {
            return;
        }
        try {
            setEndpoints.invoke(openAPI, new HashMap<String, Object>());
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not remove Payara's non-standard 'endpoints' member from /openapi", e);
        }
    }
}
