package dev.iotpaymerchant.platform.http;

import java.util.Optional;

/**
 * The context root the server deployed this application under: chosen at deployment, not in the WAR
 * (docs/decisions/0016-any-context-root.md), and learnt once, when the servlet context starts. Paths the
 * application writes into its answers (a QR code's image, the OpenAPI {@code servers}) begin with it, so
 * that they lead back here under {@code /payments} as well as under {@code /}. One value per deployment:
 * each WAR has its own class loader.
 */
public final class ContextRoot {

    /**
     * The system property WildFly's jboss-web.xml takes the context root from ({@code ${iotpay.context-root:/}}):
     * WildFly's own, read by the server when it deploys the WAR, not a setting of the application.
     */
    public static final String WILDFLY_PROPERTY = "iotpay.context-root";

    private static volatile String path;

    private ContextRoot() {
    }

    /** The servlet context has started under {@code contextPath} ({@code ""} for the root, else {@code "/payments"}). */
    public static void started(String contextPath) {
        path = normalised(contextPath);
    }

    /** {@code ""} at the root, else the context root without a trailing slash; {@code ""} before the context started. */
    public static String path() {
        return path == null ? "" : path;
    }

    /** The context root once the servlet context has started; empty before. */
    public static Optional<String> known() {
        return Optional.ofNullable(path);
    }

    /**
     * The context root, also before the servlet context starts: WildFly builds the served OpenAPI document
     * then, from the same system property its jboss-web.xml resolved. (Payara builds it on first request.)
     */
    public static String expected() {
        return known().orElseGet(() -> normalised(System.getProperty(WILDFLY_PROPERTY, "/")));
    }

    /** {@code path} prefixed with the context root: {@code /api/orders} → {@code /payments/api/orders}. */
    public static String of(String absolutePath) {
        return path() + absolutePath;
    }

    /** Forgets the context root, as before the servlet context started: for tests. */
    static void forget() {
        path = null;
    }

    static String normalised(String contextPath) {
        if (contextPath == null || contextPath.isEmpty() || contextPath.equals("/")) {
            return "";
        }
        String leading = contextPath.startsWith("/") ? contextPath : "/" + contextPath;
        return leading.endsWith("/") ? leading.substring(0, leading.length() - 1) : leading;
    }
}
