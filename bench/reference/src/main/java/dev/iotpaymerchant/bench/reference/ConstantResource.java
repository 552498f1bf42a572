package dev.iotpaymerchant.bench.reference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The least a JAX-RS GET costs on this server: no database, no logic, a constant body. */
@Path("constant")
@ApplicationScoped
public class ConstantResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String constant() {
        return "{\"status\":\"UP\"}";
    }
}
