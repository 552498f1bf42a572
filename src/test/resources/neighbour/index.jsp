<%-- The neighbour: another application on the same server, using the server's default datasource as
     applications do that name none. It says which database that is and whether iotpay-merchant's
     tables are in it (they must not be: the backend uses a datasource of its own). --%>
<%@ page contentType="application/json;charset=UTF-8" trimDirectiveWhitespaces="true"
         import="java.sql.Connection,java.sql.DatabaseMetaData,java.sql.ResultSet,javax.naming.InitialContext,javax.sql.DataSource" %>
<%
    DataSource dataSource = (DataSource) new InitialContext().lookup("java:comp/DefaultDataSource");
    try (Connection connection = dataSource.getConnection()) {
        DatabaseMetaData database = connection.getMetaData();
        boolean paymentOrderTable = false;
        try (ResultSet tables = database.getTables(null, null, "%", null)) {
            while (tables.next()) {
                paymentOrderTable |= "payment_order".equalsIgnoreCase(tables.getString("TABLE_NAME"));
            }
        }
        out.print(jakarta.json.Json.createObjectBuilder()
                .add("url", database.getURL())
                .add("product", database.getDatabaseProductName())
                .add("paymentOrderTable", paymentOrderTable)
                .build());
    }
%>
