package dev.iotpaymerchant.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The demo checkout at {@code /sandbox/demo/}: a static page (index.html, demo.js, demo.css, next to this class on
 * the classpath) that pays through {@code /api/orders} like any web shop would. Served by this servlet rather than
 * from META-INF/resources because the sandbox is compiled into WEB-INF/classes, not into a jar. Strict
 * Content-Security-Policy: scripts, styles, images and API calls from this server only, nothing inline.
 */
@WebServlet("/sandbox/demo/*")
public class SandboxDemoServlet extends HttpServlet {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/demo.js", "demo.js",
            "/demo.css", "demo.css");

    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html;charset=UTF-8",
            "demo.js", "text/javascript;charset=UTF-8",
            "demo.css", "text/css;charset=UTF-8");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) { // /sandbox/demo: relative links on the page need the trailing slash
            response.sendRedirect(request.getContextPath() + "/sandbox/demo/");
            return;
        }
        String file = FILES.get(path);
        if (file == null) {
            response.sendError(404);
            return;
        }
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cache-Control", "no-cache");
        response.setContentType(TYPES.get(file));
        byte[] content = read(file);
        response.setContentLength(content.length);
        response.getOutputStream().write(content);
    }

    private static byte[] read(String file) {
        try (InputStream in = SandboxDemoServlet.class.getResourceAsStream("demo/" + file)) {
            if (in == null) {
                throw new IllegalStateException("The sandbox demo's " + file + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
