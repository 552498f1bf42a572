package dev.iotpaymerchant.platform.http.boundary;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.servers.Server;

import dev.iotpaymerchant.platform.http.ContextRoot;
import dev.iotpaymerchant.platform.observability.LogFields;

/**
 * Keeps the served contract standard OpenAPI. Payara adds a top-level {@code endpoints} member to
 * every document it serves (its own list of the deployed paths), which openapi-generator and
 * swagger-parser reject, and no MicroProfile API can remove it. Payara's model has a public
 * {@code setEndpoints(Map)}; emptying the map keeps the member out. Other servers have no such
 * method, and nothing happens. Registered with {@code mp.openapi.filter}; ApiContractIT fails if
 * the member ever comes back. See docs/decisions/0007-a-committed-openapi-contract.md.
 *
 * <p>It also names the context root the application was deployed under as the one server, so that
 * the contract's {@code /api/...} paths lead to it under {@code /payments} as well as under {@code /}
 * ({@code /openapi} itself is served at the host's root on both servers). The committed document says
 * {@code /}, which holds only at the root. See docs/decisions/0016-any-context-root.md.
 */
public class StandardOpenApiFilter implements OASFilter {

    private static final Logger LOG = LogFields.logger(StandardOpenApiFilter.class);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.setServers(List.of(server(ContextRoot.expected())));
        withoutPayaraEndpoints(openAPI);
    }

    /** The server the contract's paths are relative to: this application's context root on this host. */
    static Server server(String contextRoot) {
        return OASFactory.createServer().url(contextRoot.isEmpty() ? "/" : contextRoot)
                .description("The backend that serves this document");
    }

    private static void withoutPayaraEndpoints(OpenAPI openAPI) {
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
