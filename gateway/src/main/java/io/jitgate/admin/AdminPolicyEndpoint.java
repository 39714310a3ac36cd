package io.jitgate.admin;

import io.jitgate.policy.PolicyCase;
import io.jitgate.policy.PolicyEngine;
import io.jitgate.tools.Tier;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code POST /admin/policy/explain}: would this call be allowed, by which policies, at which approval
 * tier — answered by the policy set and tier settings in force, without running the call (nothing
 * reaches Vault or AWS, and the task history is not counted). The body is a policy test case
 * ({@code policies/tests/*.json}): {@code principal} ({@code agent}, {@code user}, {@code groups},
 * {@code tenant}), {@code action} ({@code call} or {@code list}), {@code tool}, {@code arguments},
 * {@code intent}, and optionally {@code time}, {@code sourceAddress}, {@code taskCalls}. The answer
 * is what {@code ./jitgate policy explain --json} prints, plus {@code listed}: whether
 * {@code tools/list} shows the tool to that agent. Requires the operator key ({@link AdminSettings}).
 */
public final class AdminPolicyEndpoint {
    public static final String PATH = "/admin/policy/explain";
    private final AdminSettings settings;
    private final Supplier<ToolCatalog> catalog;
    private final Supplier<PolicyEngine> policy;
    private final Function<String, Optional<Tier>> operatorTiers;

    public AdminPolicyEndpoint(AdminSettings settings, Supplier<ToolCatalog> catalog, Supplier<PolicyEngine> policy,
            Function<String, Optional<Tier>> operatorTiers) {
        this.settings = settings;
        this.catalog = catalog;
        this.policy = policy;
        this.operatorTiers = operatorTiers;
    }

    public void mount(Router router) {
        router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(256 * 1024)).handler(this::explain);
    }

    private void explain(RoutingContext ctx) {
        if (!AdminAuth.check(ctx, settings)) {
            return;
        }
        PolicyCase question;
        try {
            Object body = ctx.body().buffer() == null ? null : io.vertx.core.json.Json.decodeValue(ctx.body().buffer());
            if (!(body instanceof JsonObject json)) {
                reply(ctx, 400, error("invalid_request", "the body must be a JSON object like {\"principal\": {\"agent\": \"a1\", "
                        + "\"groups\": [\"dev-agents\"]}, \"tool\": \"s3_read_object\", \"arguments\": {...}}"));
                return;
            }
            question = PolicyCase.fromJson(json.containsKey("name") ? json : json.copy().put("name", "explain"));
        } catch (DecodeException e) {
            reply(ctx, 400, error("invalid_request", "the body is not valid JSON: " + e.getMessage()));
            return;
        } catch (IllegalArgumentException e) {
            reply(ctx, 400, error("invalid_request", e.getMessage()));
            return;
        }
        ToolCatalog tools = catalog.get();
        PolicyEngine engine = policy.get();
        Optional<ToolDefinition> tool = tools.find(question.tool());
        if (tool.isEmpty()) {
            reply(ctx, 404, error("unknown_tool", "no tool named '" + question.tool() + "' in the catalogue"));
            return;
        }
        PolicyCase.Explanation answer = question.explain(tools, engine, operatorTiers);
        reply(ctx, 200, answer.toJson().put("action", question.action().cedarId()).put("tool", question.tool())
                .put("listed", engine.mayList(question.principal(), tool.get())));
    }

    private static JsonObject error(String code, String detail) {
        return new JsonObject().put("error", code).put("detail", detail);
    }

    private static void reply(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
    }
}
