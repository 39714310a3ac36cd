package io.jitgate.admin;

import io.jitgate.approvals.Approval;
import io.jitgate.approvals.ApprovalDesk;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Operators see held calls and decide them.
 * <ul>
 *   <li>{@code GET /admin/approvals?status=pending} ({@code pending} by default; {@code approved},
 *       {@code denied}, {@code timed_out}, {@code used}, {@code withdrawn} or {@code all}): the approvals with agent,
 *       user, tool, arguments (sensitive ones redacted), intent and prompt (as the attribution record
 *       keeps them), tier and timeout;</li>
 *   <li>{@code GET /admin/approvals/<id>}: one approval;</li>
 *   <li>{@code POST /admin/approvals/<id>/approve} or {@code .../deny} with {@code {"operator": "alice",
 *       "comment": "..."}}: the decision, recorded as an operator action before it takes effect.</li>
 * </ul>
 * An unknown id is 404, a call decided already or withdrawn by its agent 409, a missing operator 400; nothing changes then.
 * The operator page ({@link ApprovalPage}) uses these endpoints.
 */
public final class AdminApprovalsEndpoint {
    public static final String PATH = "/admin/approvals";
    private final AdminSettings settings;
    private final ApprovalDesk desk;

    public AdminApprovalsEndpoint(AdminSettings settings, ApprovalDesk desk) {
        this.settings = settings;
        this.desk = desk;
    }

    public void mount(Router router) {
        router.get(PATH).handler(this::list);
        router.get(PATH + "/:id").handler(this::one);
        router.post(PATH + "/:id/:decision").handler(BodyHandler.create(false).setBodyLimit(16 * 1024)).handler(this::decide);
    }

    private void list(RoutingContext ctx) {
        if (!AdminAuth.check(ctx, settings)) {
            return;
        }
        String word = ctx.request().getParam("status", "pending");
        Approval.Status status = "all".equals(word) ? null : Approval.Status.parse(word).orElse(null);
        if (status == null && !"all".equals(word)) {
            reply(ctx, 400, error("invalid_query", "status must be one of " + Approval.Status.words() + ", all, but was " + word));
            return;
        }
        JsonArray approvals = new JsonArray();
        desk.list(status).forEach(a -> approvals.add(a.toJson()));
        reply(ctx, 200, new JsonObject().put("count", approvals.size()).put("approvals", approvals));
    }

    private void one(RoutingContext ctx) {
        if (!AdminAuth.check(ctx, settings)) {
            return;
        }
        String id = ctx.pathParam("id");
        desk.find(id).ifPresentOrElse(a -> reply(ctx, 200, a.toJson()),
                () -> reply(ctx, 404, error("unknown_approval", "no approval with id " + id)));
    }

    private void decide(RoutingContext ctx) {
        if (!AdminAuth.check(ctx, settings)) {
            return;
        }
        String id = ctx.pathParam("id");
        String decision = ctx.pathParam("decision");
        if (!"approve".equals(decision) && !"deny".equals(decision)) {
            reply(ctx, 404, error("unknown_decision", "decide with .../approve or .../deny, not " + decision));
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().buffer() == null || ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            reply(ctx, 400, error("invalid_request", "the body must be a JSON object like {\"operator\": \"alice\", \"comment\": \"ok\"}"));
            return;
        }
        String operator = body.getValue("operator") instanceof String s && !s.isBlank() ? s.trim() : null;
        if (operator == null) {
            reply(ctx, 400, error("invalid_request", "operator (who decides) must be named"));
            return;
        }
        if (body.getValue("comment") != null && !(body.getValue("comment") instanceof String)) {
            reply(ctx, 400, error("invalid_request", "comment must be a string"));
            return;
        }
        desk.decide(id, "approve".equals(decision), operator, body.getString("comment")).onComplete(done -> {
            if (done.succeeded()) {
                reply(ctx, 200, done.result().toJson());
                return;
            }
            if (done.cause() instanceof ApprovalDesk.Refused refused) {
                int status = switch (refused.code()) {
                    case "unknown_approval" -> 404;
                    case "already_decided", "approval_withdrawn" -> 409;
                    default -> 503;
                };
                reply(ctx, status, error(refused.code(), refused.getMessage()));
            } else {
                reply(ctx, 503, error("not_changed", String.valueOf(done.cause().getMessage())));
            }
        });
    }

    private static JsonObject error(String code, String detail) {
        return new JsonObject().put("error", code).put("detail", detail);
    }

    private static void reply(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
    }
}
