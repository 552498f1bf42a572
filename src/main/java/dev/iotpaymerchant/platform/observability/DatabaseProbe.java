package dev.iotpaymerchant.platform.observability;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * Says whether the order database answers. An EJB so that the application's naming context is
 * in place whichever thread asks (WildFly runs health checks on its management threads).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DatabaseProbe {

    /** The WAR's own datasource, never the server's default: the reference declared in WEB-INF/web.xml. */
    @Resource(lookup = "java:comp/env/jdbc/iotpay")
    DataSource dataSource;

    public boolean answers() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }
}
