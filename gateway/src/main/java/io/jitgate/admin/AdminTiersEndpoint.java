package io.jitgate.admin;

import io.jitgate.audit.OperatorAction;
import io.jitgate.audit.OperatorAudit;
import io.jitgate.tiers.TierStore;
import io.jitgate.tools.Tier;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.Supplier;

/**
 * Operators tune approval tiers at run time.
 * <ul>
 *   <li>{@code GET /admin/tiers}: every tool's base tier, the operator's tier if set, and the tier in force;</li>
 *   <li>{@code PUT /admin/tiers/<tool>} with {@code {"tier": "approve", "operator": "alice", "comment": "..."}}:
 *       sets the tool's tier for the next call.</li>
 * </ul>
 * A change is recorded in the attribution log (an {@code operator_action} naming who made it) before
 * it is saved, and saved before it takes effect: a change that cannot be recorded or saved does not
 * happen. An unknown tool or tier is refused with a message naming it, and nothing changes.
 */
public final class AdminTiersEndpoint {
    public static final String PATH = "/admin/tiers";
    private final Vertx vertx;
    private final AdminSettings settings;
    private final TierStore store;
    private final Supplier<ToolCatalog> catalog;
    private final OperatorAudit audit;

    public AdminTiersEndpoint(Vertx vertx, AdminSettings settings, TierStore store, Supplier<ToolCatalog> catalog, OperatorAudit audit) {
        this.vertx = vertx;
        this.settings = settings;
        this.store = store;
        this.catalog = catalog;
        this.audit = audit;
    }

    public void mount(Router router) {
        router.get(PATH).handler(this::list);
        router.put(PATH + "/:tool").handler(BodyHandler.create(false).setBodyLimit(16 * 1024)).handler(this::set);
    }

    private void list(RoutingContext ctx) {
        if (!AdminAuth.check(ctx, settings)) {
            return;
        }
        JsonObject tools = new JsonObject();
        for (ToolDefinition tool : catalog.get().all()) {
            Tier operator = store.get(tool.name()).orElse(null);
            tools.put(tool.name(), new JsonObject().put("base", tool.tier().word())
                    .put("operator", operator == null ? null : operator.word())
                    .put("inForce", (operator == null ? tool.tier() : operator).word()));
        }
        reply(ctx, 200, new JsonObject().put("tools", tools));
    }

    private void set(RoutingContext ctx) {
        if (!AdminAuth.check(ctx, settings)) {
            return;
        }
        String name = ctx.pathParam("tool");
        ToolDefinition tool = catalog.get().find(name).orElse(null);
        if (tool == null) {
            reply(ctx, 404, error("unknown_tool", "no tool named '" + name + "' in the catalogue"));
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().buffer() == null ? new JsonObject() : ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            reply(ctx, 400, error("invalid_request", "the body must be a JSON object like {\"tier\": \"approve\", \"operator\": \"alice\"}"));
            return;
        }
        String word = body.getValue("tier") instanceof String s ? s : null;
        Tier tier = Tier.parse(word).orElse(null);
        if (tier == null) {
            reply(ctx, 400, error("unknown_tier", "tier must be one of " + Tier.allowedWords() + ", but was " + body.getValue("tier")));
            return;
        }
        String operator = body.getValue("operator") instanceof String s && !s.isBlank() ? s : null;
        if (operator == null) {
            reply(ctx, 400, error("invalid_request", "operator (who makes the change) must be named"));
            return;
        }
        String before = store.get(name).orElse(tool.tier()).word();
        JsonObject detail = new JsonObject().put("from", before).put("to", tier.word()).put("comment", body.getString("comment"));
        audit.record(new OperatorAction(OperatorAction.Type.TIER_CHANGED, operator, name, detail))
                .compose(recorded -> vertx.<Void>executeBlocking(() -> {
                    store.set(name, tier);
                    return null;
                }, false))
                .onComplete(done -> {
                    if (done.failed()) {
                        reply(ctx, 503, error("not_changed", "the tier change could not be recorded or saved, so it was not made: "
                                + done.cause().getMessage()));
                    } else {
                        reply(ctx, 200, new JsonObject().put("tool", name).put("from", before).put("tier", tier.word())
                                .put("operator", operator));
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
