package io.jitgate.policy;

import io.jitgate.auth.AgentPrincipal;
import io.jitgate.pipeline.Intent;
import io.jitgate.tools.Tier;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One question for the policy written as data, as in {@code policies/tests/*.json} and
 * {@code jitgate policy explain}: who (agent, user, groups), which action and tool, with which
 * arguments and intent. {@link #explain} answers it without running anything.
 */
public record PolicyCase(String name, AgentPrincipal principal, PolicyRequest.PolicyAction action, String tool,
        JsonObject arguments, Intent intent) {

    /** The answer: decision, deciding policies and the approval tier the call would be held at. */
    public record Explanation(boolean allowed, List<String> policyIds, List<String> errors, Tier tier) {
        public JsonObject toJson() {
            return new JsonObject().put("decision", allowed ? "allow" : "deny").put("policyIds", new JsonArray(policyIds))
                    .put("errors", new JsonArray(errors)).put("tier", tier == null ? null : tier.word());
        }
    }

    /** Reads a case from its JSON form; throws {@link IllegalArgumentException} naming the bad field. */
    public static PolicyCase fromJson(JsonObject json) {
        JsonObject who = json.getJsonObject("principal");
        if (who == null || who.getString("agent") == null) {
            throw new IllegalArgumentException("case '" + json.getString("name") + "': principal.agent is required");
        }
        List<String> groups = new ArrayList<>();
        who.getJsonArray("groups", new JsonArray()).forEach(g -> groups.add(String.valueOf(g)));
        String action = json.getString("action", "call");
        PolicyRequest.PolicyAction parsed = switch (action) {
            case "call" -> PolicyRequest.PolicyAction.CALL;
            case "list" -> PolicyRequest.PolicyAction.LIST;
            default -> throw new IllegalArgumentException("case '" + json.getString("name") + "': action must be call or list, but was " + action);
        };
        if (json.getString("tool") == null) {
            throw new IllegalArgumentException("case '" + json.getString("name") + "': tool is required");
        }
        return new PolicyCase(json.getString("name", json.getString("tool")),
                new AgentPrincipal(who.getString("agent"), who.getString("user"), groups, who.getString("tenant"), List.of()),
                parsed, json.getString("tool"), json.getJsonObject("arguments", new JsonObject()),
                Intent.fromMeta(json.getJsonObject("intent")));
    }

    public Explanation explain(ToolCatalog catalog, PolicyEngine engine) {
        ToolDefinition definition = catalog.find(tool).orElseThrow(() -> new IllegalArgumentException("unknown tool: " + tool));
        PolicyDecision decision = engine.decide(new PolicyRequest(principal, action, definition, arguments, intent));
        return new Explanation(decision.allowed(), decision.policyIds(), decision.errors(),
                decision.allowed() ? decision.tierInForce(definition.tier()) : null);
    }
}
