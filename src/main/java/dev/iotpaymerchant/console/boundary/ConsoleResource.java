package dev.iotpaymerchant.console.boundary;

import java.io.StringReader;
import java.time.Duration;
import java.util.regex.Pattern;

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

import dev.iotpaymerchant.access.control.Caller;
import dev.iotpaymerchant.console.control.ActionRefused;
import dev.iotpaymerchant.console.control.AuditReport;
import dev.iotpaymerchant.console.control.OperatorActions;
import dev.iotpaymerchant.console.control.Overview;
import dev.iotpaymerchant.console.control.ReviewQueue;
import dev.iotpaymerchant.console.control.Timeline;
import dev.iotpaymerchant.fulfilment.control.DispatchTrigger;
import dev.iotpaymerchant.idempotency.boundary.IdempotencyKeyHeader;
import dev.iotpaymerchant.idempotency.boundary.IdempotentRequest;
import dev.iotpaymerchant.idempotency.boundary.IdempotentRequests;
import dev.iotpaymerchant.platform.http.Jsons;
import dev.iotpaymerchant.platform.http.boundary.ProblemException;
import dev.iotpaymerchant.platform.values.MchOrderNo;

/**
 * What the operator console reads and does, for the operator group only (any caller with
 * api.auth=none): the overview, the review queue, an order's timeline, resolving a review item (an
 * order or an overpaid checkout), redelivering a webhook and redelivering an event to the
 * application's CDI observers; the self-audit's last run, and a run now. Refunds go through the refunds API; checkouts are read through the
 * checkouts API.
 */
@ApplicationScoped
@Path("console")
@Produces(MediaType.APPLICATION_JSON)
public class ConsoleResource {

    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    /** A redelivery takes milliseconds; one whose key is older than this stopped with its node. */
    private static final Duration ACTION_RUNS_AT_MOST = Duration.ofMinutes(1);
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
    AuditReport audit;

    @Inject
    DispatchTrigger dispatch;

    @Inject
    IdempotentRequests requests;

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

    /** The self-audit's last run (any node's) and its findings. */
    @GET
    @Path("audit")
    public String lastAudit() {
        requireOperator();
        return audit.last().toString();
    }

    /** Runs the self-audit now, on this node; answers what this run found. It changes nothing in the books. */
    @POST
    @Path("audit")
    public String runAudit() {
        requireOperator();
        return audit.runNow(caller.actor()).toString();
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
        OperatorActions.Done done;
        try {
            done = actions.resolve(orderNo(mchOrderNo), note(body, true));
        } catch (ActionRefused refused) {
            throw problem(refused);
        }
        return Response.status(done.acted() ? 201 : 200).entity(done.answer().toString()).build();
    }

    @POST
    @Path("checkouts/{checkoutId}/resolution")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response resolveCheckout(@PathParam("checkoutId") String checkoutId, String body) {
        requireOperator();
        String note = note(body, true);
        try {
            return Response.status(201).entity(actions.resolveCheckout(checkoutId, note).answer().toString()).build();
        } catch (ActionRefused refused) {
            throw problem(refused);
        }
    }

    @POST
    @Path("events/{eventId}/redelivery")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response redeliver(@PathParam("eventId") String eventId,
                              @HeaderParam("Idempotency-Key") String idempotencyKey, String body) {
        return redelivery("webhook-redelivery", eventId, idempotencyKey, body, actions::redeliver);
    }

    @POST
    @Path("events/{eventId}/observer-redelivery")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response redeliverToObservers(@PathParam("eventId") String eventId,
                                         @HeaderParam("Idempotency-Key") String idempotencyKey, String body) {
        return redelivery("observer-redelivery", eventId, idempotencyKey, body, actions::redeliverToObservers);
    }

    /** One of the operator's redelivery actions: (eventId, note) → what it did. */
    private interface Redelivery {
        OperatorActions.Done run(String eventId, String note);
    }

    /**
     * A redelivery under the Idempotency-Key rule: the first request with a key acts (202); a retry
     * with it answers what the first did (200); the same key for another event is 422.
     */
    private Response redelivery(String kind, String eventId, String idempotencyKey, String body, Redelivery action) {
        requireOperator();
        if (eventId == null || !EVENT_ID.matcher(eventId).matches()) {
            throw ProblemException.notFound("There is no event with this id.");
        }
        String key = IdempotencyKeyHeader.required(idempotencyKey, "A redelivery", "the same on every retry of this request");
        String note = note(body, false);
        IdempotentRequest request = IdempotentRequest.action(IdempotencyKeyHeader.scoped(kind, caller.subject(), key),
                eventId, "redelivery", ACTION_RUNS_AT_MOST);
        IdempotentRequests.Outcome outcome = requests.run(request, () -> { }, claim -> {
            OperatorActions.Done done;
            try {
                done = action.run(eventId, note);
            } catch (ActionRefused refused) {
                throw problem(refused);
            }
            return new IdempotentRequests.Answer(done.acted() ? 202 : 200, MediaType.APPLICATION_JSON,
                    done.answer().toString(), null);
        });
        if (outcome.replayed()) {
            return Response.ok(outcome.answer().body(), MediaType.APPLICATION_JSON).build();
        }
        dispatch.soon(); // committed: deliver now rather than at the next timer tick
        return outcome.answer().response().build();
    }

    /** What an operator hears when an action was refused. */
    private static ProblemException problem(ActionRefused refused) {
        return switch (refused.reason()) {
            case NO_SUCH_ORDER -> ProblemException.notFound("There is no order with this number.");
            case NO_SUCH_EVENT -> ProblemException.notFound("There is no event with this id.");
            case NO_SUCH_CHECKOUT -> ProblemException.notFound("There is no checkout with this id.");
            case NOT_IN_REVIEW -> new ProblemException(409, "not-in-review", "Nothing to resolve",
                    "Only NEEDS_REVIEW and PAID_AFTER_CLOSE orders, and orders refunded beyond what was paid, wait for"
                            + " an operator; this one is " + refused.state() + ".").with("mchOrderNo", refused.mchOrderNo());
            case NOT_OVERPAID -> new ProblemException(409, "not-in-review", "Nothing to resolve",
                    "Only a checkout paid more than once, or paid after it closed, waits for an operator, until its extra"
                            + " payments are resolved; this one (" + refused.state() + ") has none waiting.")
                    .with("checkoutId", refused.checkoutId());
            case NO_WEBHOOK -> new ProblemException(409, "no-webhook", "No webhook to send",
                    "This event was not sent because no webhooks.url was set when it came due; set it first.");
            case OBSERVERS_NOT_FAILED -> new ProblemException(409, "observers-not-failed",
                    "Nothing to redeliver to the application", "Only an event whose delivery to the application FAILED"
                            + " is redelivered to it; this one is " + refused.state() + ".")
                    .with("mchOrderNo", refused.mchOrderNo());
        };
    }

    private void requireOperator() {
        if (!caller.isOperator()) {
            throw new ProblemException(403, "forbidden", "Operators only",
                    "The console is for the operator group (api.operator-group); this token is not in it.");
        }
    }

    /** The order number in the path; a malformed one names no order: 404, as for any unknown number. */
    private static String orderNo(String mchOrderNo) {
        return MchOrderNo.parse(mchOrderNo).orElseThrow(() -> ProblemException.notFound("There is no order with this number."))
                .value();
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
