package io.jitgate.mcp;

import io.jitgate.auth.AgentPrincipal;
import io.jitgate.pipeline.Intent;
import io.jitgate.policy.PolicyEngine;
import io.jitgate.policy.PolicyRequest;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * Answers {@code tools/list} with only the tools the policy lets this agent see
 * ({@code Action::"list"}), so an agent never learns of a tool it may not use.
 */
public final class ToolLister {
    private final Supplier<ToolCatalog> catalog;
    private final Supplier<PolicyEngine> policy;

    public ToolLister(Supplier<ToolCatalog> catalog, Supplier<PolicyEngine> policy) {
        this.catalog = catalog;
        this.policy = policy;
    }

    public JsonObject list(AgentPrincipal principal) {
        JsonArray tools = new JsonArray();
        PolicyEngine engine = policy.get();
        for (ToolDefinition tool : catalog.get().all()) {
            if (engine.decide(new PolicyRequest(principal, PolicyRequest.PolicyAction.LIST, tool, new JsonObject(), Intent.NONE)).allowed()) {
                tools.add(tool.toListEntry());
            }
        }
        return new JsonObject().put("tools", tools);
    }
}
