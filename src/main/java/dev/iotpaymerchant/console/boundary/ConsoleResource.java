package dev.iotpaymerchant.console.boundary;

import java.io.StringReader;
import java.util.regex.Pattern;

import jakarta.ejb.EJBException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.iotpaymerchant.platform.control.Jsons;
import dev.iotpaymerchant.access.control.Caller;
import dev.iotpaymerchant.console.control.OperatorActions;
import dev.iotpaymerchant.console.control.Overview;
import dev.iotpaymerchant.console.control.ReviewQueue;
import dev.iotpaymerchant.console.control.Timeline;
import dev.iotpaymerchant.fulfilment.control.DispatchTrigger;
import dev.iotpaymerchant.platform.control.ProblemException;

/**
 * What the operator console reads and does, for the operator group only (any caller with
 * api.auth=none): the overview, the review queue, an order's timeline, resolving a review item,
 * redelivering a webhook and redelivering an event to the application's CDI observers. Refunds go
 * through the refunds API.
 */
@ApplicationScoped
@Path("console")
@Produces(MediaType.APPLICATION_JSON)
public class ConsoleResource {

    private static final Pattern ORDER_NO = Pattern.compile("[A-Za-z0-9_-]{1,30}");
    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final int MAX_NOTE = 1000;

    @Inject
    Caller caller;

    @Inject
    Overview overview;

    @Inject
    ReviewQueue queue;

    @Inject
    Timeline timeline;

    @Inject
    OperatorActions actions;

    @Inject
    DispatchTrigger dispatch;

    @GET
    @Path("overview")
    public String overview() {
        requireOperator();
        return overview.now().toString();
    }

    @GET
    @Path("review-queue")
    public String reviewQueue() {
        requireOperator();
        return queue.queue().toString();
    }

    @GET
    @Path("orders/{mchOrderNo}/timeline")
    public String timeline(@PathParam("mchOrderNo") String mchOrderNo) {
        requireOperator();
        return timeline.of(orderNo(mchOrderNo)).orElseThrow(() ->
                ProblemException.notFound("There is no order with this number.")).toString();
    }

    @POST
    @Path("orders/{mchOrderNo}/resolution")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response resolve(@PathParam("mchOrderNo") String mchOrderNo, String body) {
        requireOperator();
        OperatorActions.Done done = actions.resolve(orderNo(mchOrderNo), note(body, true));
        return Response.status(done.acted() ? 201 : 200).entity(done.answer().toString()).build();
    }

    @POST
    @Path("events/{eventId}/redelivery")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response redeliver(@PathParam("eventId") String eventId,
                              @HeaderParam("Idempotency-Key") String idempotencyKey, String body) {
        return redelivery(eventId, idempotencyKey, body, actions::redeliver);
    }

    @POST
    @Path("events/{eventId}/observer-redelivery")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response redeliverToObservers(@PathParam("eventId") String eventId,
                                         @HeaderParam("Idempotency-Key") String idempotencyKey, String body) {
        return redelivery(eventId, idempotencyKey, body, actions::redeliverToObservers);
    }

    /** One of the operator's redelivery actions: (eventId, Idempotency-Key, note) → what it did. */
    private interface Redelivery {
        OperatorActions.Done run(String eventId, String idempotencyKey, String note);
    }

    private Response redelivery(String eventId, String idempotencyKey, String body, Redelivery action) {
        requireOperator();
        if (eventId == null || !EVENT_ID.matcher(eventId).matches()) {
            throw ProblemException.notFound("There is no event with this id.");
        }
        if (idempotencyKey == null || !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw ProblemException.badRequest("A redelivery needs an Idempotency-Key header: 1 to 255 visible ASCII "
                    + "characters, e.g. a UUID, the same on every retry of this request.");
        }
        String note = note(body, false);
        OperatorActions.Done done;
        try {
            done = action.run(eventId, idempotencyKey, note);
        } catch (EJBException raced) {
            // The same key committed first on another request: answer what that one did.
            done = action.run(eventId, idempotencyKey, note);
        }
        if (done.acted()) {
            dispatch.soon(); // committed: deliver now rather than at the next timer tick
        }
        return Response.status(done.acted() ? 202 : 200).entity(done.answer().toString()).build();
    }

    private void requireOperator() {
        if (!caller.isOperator()) {
            throw new ProblemException(403, "forbidden", "Operators only",
                    "The console is for the operator group (api.operator-group); this token is not in it.");
        }
    }

    private static String orderNo(String mchOrderNo) {
        if (mchOrderNo == null || !ORDER_NO.matcher(mchOrderNo).matches()) {
            throw ProblemException.notFound("There is no order with this number.");
        }
        return mchOrderNo;
    }

    /** The body's "note": required for a resolution, optional otherwise; plain text up to 1000 characters. */
    private static String note(String body, boolean required) {
        JsonValue note = JsonValue.NULL;
        if (body != null && !body.isBlank()) {
            try (var reader = Jsons.reader(new StringReader(body))) {
                JsonObject json = reader.readObject();
                note = json.getOrDefault("note", JsonValue.NULL);
            } catch (JsonException | IllegalStateException | ClassCastException e) {
                throw ProblemException.badRequest("The body must be a JSON object such as {\"note\":\"why\"}.");
            }
        }
        if (note == JsonValue.NULL) {
            if (required) {
                throw ProblemException.badRequest("Say what was done in \"note\" (1 to " + MAX_NOTE + " characters).");
            }
            return null;
        }
        if (!(note instanceof JsonString text) || text.getString().isBlank() || text.getString().length() > MAX_NOTE) {
            throw ProblemException.badRequest("\"note\" must be text of 1 to " + MAX_NOTE + " characters.");
        }
        return text.getString();
    }
}
