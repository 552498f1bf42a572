package dev.iotpaymerchant.orders.boundary;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;

import dev.iotpaymerchant.orders.control.QrCode;
import dev.iotpaymerchant.platform.http.boundary.ProblemException;

/**
 * The QR images of orders, each drawn once and kept (at most {@value #MAX_IMAGES}, the least recently shown
 * forgotten first): an order's code never changes, drawing a PNG costs milliseconds of CPU, and a page may
 * ask for it again on every reload. Each answer carries an ETag of its content and
 * {@code Cache-Control: private, no-cache}: a browser keeps the image but asks before each use, so a code
 * whose order can no longer be paid stops being shown (404), and an unchanged one costs a {@code 304}.
 */
@ApplicationScoped
public class QrImages {

    static final int MAX_IMAGES = 500;
    private static final int PNG_SCALE = 8;

    /** The two images the API draws. */
    enum Format { SVG, PNG }

    private final Map<String, byte[]> drawn = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > MAX_IMAGES;
        }
    };

    /**
     * The contract's limit of If-None-Match: a tag we give out is 37 characters, and a browser sends
     * back the one it keeps; a list of many is nobody's copy of this image.
     */
    static final int MAX_IF_NONE_MATCH = 1000;

    /** A {@code 400} problem when the caller's If-None-Match is longer than the contract allows. */
    static void checkIfNoneMatch(String ifNoneMatch) {
        if (ifNoneMatch != null && ifNoneMatch.length() > MAX_IF_NONE_MATCH) {
            throw ProblemException.badRequest("If-None-Match is at most " + MAX_IF_NONE_MATCH + " characters.");
        }
    }

    /**
     * True when If-None-Match names {@code tag} (quoted, weak or strong) or is {@code *}. Read here, not by
     * JAX-RS's evaluatePreconditions: Jersey answers a header it cannot parse with a 500.
     */
    static boolean names(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String listed : ifNoneMatch.split(",")) {
            String candidate = listed.strip();
            candidate = candidate.startsWith("W/") ? candidate.substring(2) : candidate;
            if (candidate.equals("*") || candidate.equals("\"" + tag + "\"")) {
                return true;
            }
        }
        return false;
    }

    /** The image of {@code content}, or 304 when the caller's copy (If-None-Match) is this one. */
    Response answer(String content, Format format, String ifNoneMatch) {
        EntityTag tag = new EntityTag(tag(content, format));
        CacheControl cache = new CacheControl();
        cache.setPrivate(true);
        cache.setNoCache(true);
        cache.setNoTransform(false);
        if (names(ifNoneMatch, tag.getValue())) {
            return Response.notModified(tag).cacheControl(cache).build();
        }
        Response.ResponseBuilder answer = Response.ok(drawn(content, format)).tag(tag).cacheControl(cache);
        if (format == Format.PNG) {
            return answer.type("image/png").build();
        }
        // An SVG opened on its own is a document of this origin: it may run nothing and load nothing.
        return answer.type("image/svg+xml;charset=UTF-8")
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    /** How many images are kept now. */
    synchronized int kept() {
        return drawn.size();
    }

    /** The image's bytes, drawn now if they are not kept; never changed by the caller (Response only writes them). */
    synchronized byte[] drawn(String content, Format format) {
        return drawn.computeIfAbsent(format + ":" + content, key -> {
            QrCode code = QrCode.of(content);
            return format == Format.PNG ? code.png(PNG_SCALE) : code.svg().getBytes(StandardCharsets.UTF_8);
        });
    }

    /** A strong tag from the content and the format: the same code is the same bytes, on every node. */
    static String tag(String content, Format format) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((format + "\n" + content).getBytes(StandardCharsets.UTF_8));
            return "qr-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
