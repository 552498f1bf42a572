package dev.iotpaymerchant.bench.reference;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The least a JAX-RS GET that reads one order costs on this server: one indexed SELECT on
 * {@code payment_order} by {@code mch_order_no}, through the same pool as the backend
 * ({@code jdbc/iotpay}, which the Payara Micro set-up points at PostgreSQL), no JPA, a small
 * JSON body written by hand.
 */
@Path("orders/{mchOrderNo}")
@ApplicationScoped
public class OneQueryResource {

    private static final String SELECT = "SELECT mch_order_no, pay_order_id, status, amount, currency"
            + " FROM payment_order WHERE mch_order_no = ?";

    @Resource(lookup = "jdbc/iotpay")
    DataSource dataSource;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String order(@PathParam("mchOrderNo") String mchOrderNo) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setString(1, mchOrderNo);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new NotFoundException();
                }
                return "{\"mchOrderNo\":\"" + row.getString(1) + "\",\"payOrderId\":\"" + row.getString(2)
                        + "\",\"status\":\"" + row.getString(3) + "\",\"amount\":" + row.getLong(4)
                        + ",\"currency\":\"" + row.getString(5) + "\"}";
            }
        }
    }
}
