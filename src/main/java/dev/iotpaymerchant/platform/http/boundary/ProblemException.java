package dev.iotpaymerchant.platform.http.boundary;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ejb.ApplicationException;

/**
 * A failure we can explain to the caller as an RFC 9457 problem. Thrown anywhere, turned into
 * {@code application/problem+json} by the one exception mapper. {@code detail} is written for a
 * human and must never contain a secret.
 */
@ApplicationException(rollback = true)
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ProblemException(int status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "invalid-request", "The request is not valid", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail);
    }

    /** Adds a member to the problem object, e.g. the order number the caller should poll. */
    public ProblemException with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    /** Adds an HTTP header to the answer, e.g. WWW-Authenticate or Retry-After. */
    public ProblemException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
