package dev.iotpaymerchant.platform.http.boundary;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.EJBException;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import dev.iotpaymerchant.platform.http.Jsons;
import dev.iotpaymerchant.platform.observability.DatabaseProbe;
import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.platform.observability.TraceContext;
import dev.iotpaymerchant.platform.observability.Traces;
import dev.iotpaymerchant.platform.settings.InvalidSettingException;
import dev.iotpaymerchant.platform.settings.MissingSettingException;
import dev.iotpaymerchant.platform.values.InvalidRequest;
import dev.iotpaymerchant.platform.values.LogSafe;

/**
 * The one place where failures become HTTP answers: RFC 9457 {@code application/problem+json},
 * with a detail for humans and never an exception name or stack trace. Every problem carries the
 * request's {@code traceId}, the one its log lines show; server-side failures are logged with a
 * reference that the answer carries too.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = LogFields.logger(ProblemMapper.class);
    /** The contract's limits of a problem's members, in characters. */
    static final int MAX_TITLE = 200;
    static final int MAX_DETAIL = 1000;
    static final int MAX_EXTENSION = 255;

    @Override
    public Response toResponse(Throwable thrown) {
        Throwable failure = unwrap(thrown);
        if (failure instanceof ProblemException problem) {
            if (problem.status() >= 500) {
                return serverProblem(problem, failure);
            }
            LOG.fine(() -> "Refused: " + LogSafe.text(problem.detail()));
            return answer(problem, null);
        }
        if (failure instanceof InvalidRequest invalid) {
            LOG.fine(() -> "Refused: " + LogSafe.text(invalid.detail()));
            return answer(ProblemException.badRequest(invalid.detail()), null);
        }
        if (failure instanceof PayloadTooLargeException) {
            return answer(new ProblemException(413, "payload-too-large", "Request body too large",
                    "Request bodies are limited to " + BodySizeLimit.MAX_BYTES + " bytes."), null);
        }
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            String reason = web.getResponse().getStatusInfo().getReasonPhrase();
            return answer(new ProblemException(status, "http-" + status, reason, describe(status)), null);
        }
        if (failure instanceof MissingSettingException || failure instanceof InvalidSettingException) {
            return serverProblem(new ProblemException(503, "not-configured", "Payments are not configured",
                    failure.getMessage()), failure);
        }
        if (isStorageFailure(failure) && databaseIsUnreachable(failure)) {
            return serverProblem(new ProblemException(503, "storage-unavailable", "Storage unavailable",
                    "The order database cannot be reached right now. Please retry; an order already sent to IOTPay is settled with IOTPay once the database is back."),
                    failure);
        }
        return serverProblem(new ProblemException(500, "internal-error", "Internal error",
                "Something went wrong on our side. Please retry later, quoting the reference."), failure);
    }

    private static Response serverProblem(ProblemException problem, Throwable cause) {
        String reference = UUID.randomUUID().toString();
        LOG.log(Level.WARNING, "Problem " + reference + " (" + problem.status() + "): "
                + LogSafe.text(problem.detail()), cause instanceof ProblemException ? null : cause);
        return answer(problem, reference);
    }

    private static Response answer(ProblemException problem, String reference) {
        Response.ResponseBuilder answer = Response.status(problem.status())
                .type(PROBLEM_JSON)
                .entity(json(problem, reference));
        problem.headers().forEach(answer::header);
        return answer.build();
    }

    /** The problem document for {@code problem}; {@code reference} may be null. */
    public static String json(ProblemException problem, String reference) {
        String traceId = Traces.traceId().orElseGet(() -> TraceContext.newTrace().traceId());
        JsonObjectBuilder json = Jsons.object()
                .add("type", "urn:iotpay-merchant:problem:" + problem.type())
                .add("title", within(problem.title(), MAX_TITLE))
                .add("status", problem.status())
                .add("detail", within(problem.detail(), MAX_DETAIL));
        for (Map.Entry<String, Object> extension : problem.extensions().entrySet()) {
            json.add(extension.getKey(), within(String.valueOf(extension.getValue()), MAX_EXTENSION));
        }
        if (reference != null) {
            json.add("reference", reference);
        }
        json.add("traceId", traceId);
        return json.build().toString();
    }

    /**
     * {@code text} within the contract's limit (Problem in openapi.yaml): a detail may quote what the
     * caller sent, such as an unknown field's name, which only the 16 KiB body bounds.
     */
    static String within(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 2)) ? max - 2 : max - 1;
        return text.substring(0, end) + "…";
    }

    private static String describe(int status) {
        return switch (status) {
            case 404 -> "There is nothing at this address.";
            case 405 -> "This address does not accept that HTTP method.";
            case 406 -> "This address cannot answer in the media type asked for.";
            case 415 -> "This address does not accept that content type.";
            default -> "The request could not be handled (HTTP " + status + ").";
        };
    }

    /** Finds our own failure anywhere in the chain; otherwise strips the EJB container's wrapper. */
    private static Throwable unwrap(Throwable thrown) {
        int depth = 0;
        for (Throwable t = thrown; t != null && depth++ < 20; t = t.getCause()) {
            if (t instanceof ProblemException || t instanceof InvalidRequest || t instanceof PayloadTooLargeException
                    || t instanceof MissingSettingException || t instanceof InvalidSettingException) {
                return t;
            }
        }
        Throwable top = thrown;
        while (top instanceof EJBException && top.getCause() != null) {
            top = top.getCause();
        }
        return top;
    }

    /**
     * Only a database that cannot be reached is "unavailable" (503, retry later): a connection
     * failure in the chain (SQLState class 08), or, for any other storage error, a database that
     * does not answer a probe right now. Any other storage error is a 500 without internals.
     */
    private static boolean databaseIsUnreachable(Throwable thrown) {
        int depth = 0;
        for (Throwable t = thrown; t != null && depth++ < 20; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        try {
            return !CDI.current().select(DatabaseProbe.class).get().answers();
        } catch (RuntimeException probeFailed) {
            return true;
        }
    }

    private static boolean isStorageFailure(Throwable thrown) {
        int depth = 0;
        for (Throwable t = thrown; t != null && depth++ < 20; t = t.getCause()) {
            if (t instanceof SQLException || t instanceof PersistenceException) {
                return true;
            }
            if (t.getClass().getName().startsWith("jakarta.transaction.")) {
                return true;
            }
        }
        return false;
    }
}
