package io.jitgate.policy;

import io.jitgate.auth.AgentPrincipal;
import io.jitgate.pipeline.Intent;
import io.jitgate.tools.Tier;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One question for the policy written as data, as in {@code policies/tests/*.json}, {@code jitgate
 * policy explain} and {@code POST /admin/policy/explain}: who (agent, user, groups, tenant), which
 * action and tool, with which arguments and intent, and optionally when ({@code time}, ISO-8601),
 * from where ({@code sourceAddress}) and after how many calls in the task ({@code taskCalls}).
 * {@link #explain} answers it without running anything.
 */
public record PolicyCase(String name, AgentPrincipal principal, PolicyRequest.PolicyAction action, String tool,
        JsonObject arguments, Intent intent, Instant time, String sourceAddress, Long taskCalls) {

    /**
     * The answer: decision, deciding policies and the approval tier the call would be held at — the
     * base tier (an operator's setting, else the definition's), raised by {@code @tier} annotations of
     * the policies that allowed it.
     */
    public record Explanation(boolean allowed, List<String> policyIds, List<String> errors, Tier tier,
            Tier definitionTier, Tier operatorTier, Tier raisedTier) {
        public Explanation(boolean allowed, List<String> policyIds, List<String> errors, Tier tier) {
            this(allowed, policyIds, errors, tier, null, null, null);
        }

        public JsonObject toJson() {
            return new JsonObject().put("decision", allowed ? "allow" : "deny").put("policyIds", new JsonArray(policyIds))
                    .put("errors", new JsonArray(errors)).put("tier", word(tier))
                    .put("tiers", new JsonObject().put("definition", word(definitionTier)).put("operator", word(operatorTier))
                            .put("raisedByPolicy", word(raisedTier)));
        }

        private static String word(Tier tier) {
            return tier == null ? null : tier.word();
        }
    }

    /** Reads a case from its JSON form; throws {@link IllegalArgumentException} naming the bad field. */
    public static PolicyCase fromJson(JsonObject json) {
        String label = "case '" + json.getValue("name", json.getValue("tool")) + "': ";
        if (!(json.getValue("principal") instanceof JsonObject who) || !(who.getValue("agent") instanceof String agent) || agent.isBlank()) {
            throw new IllegalArgumentException(label + "principal.agent is required");
        }
        List<String> groups = new ArrayList<>();
        if (who.containsKey("groups") && !(who.getValue("groups") instanceof JsonArray)) {
            throw new IllegalArgumentException(label + "principal.groups must be a list of group names");
        }
        who.getJsonArray("groups", new JsonArray()).forEach(g -> groups.add(String.valueOf(g)));
        Object action = json.getValue("action", "call");
        PolicyRequest.PolicyAction parsed;
        if ("call".equals(action)) {
            parsed = PolicyRequest.PolicyAction.CALL;
        } else if ("list".equals(action)) {
            parsed = PolicyRequest.PolicyAction.LIST;
        } else {
            throw new IllegalArgumentException(label + "action must be call or list, but was " + action);
        }
        if (!(json.getValue("tool") instanceof String tool) || tool.isBlank()) {
            throw new IllegalArgumentException(label + "tool is required");
        }
        if (json.containsKey("arguments") && !(json.getValue("arguments") instanceof JsonObject)) {
            throw new IllegalArgumentException(label + "arguments must be a JSON object");
        }
        if (json.containsKey("intent") && json.getValue("intent") != null && !(json.getValue("intent") instanceof JsonObject)) {
            throw new IllegalArgumentException(label + "intent must be a JSON object");
        }
        Instant time = null;
        if (json.getValue("time") != null) {
            try {
                time = Instant.parse(String.valueOf(json.getValue("time")));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(label + "time must be an ISO-8601 instant like 2027-01-04T09:30:00Z, but was "
                        + json.getValue("time"));
            }
            if (!PolicyRequest.isDecidableTime(time)) {
                throw new IllegalArgumentException(label + "time must be between " + PolicyRequest.EARLIEST + " and " + PolicyRequest.LATEST
                        + ", but was " + json.getValue("time"));
            }
        }
        Long taskCalls = null;
        if (json.getValue("taskCalls") != null) {
            if (!(json.getValue("taskCalls") instanceof Number n) || n.longValue() < 0 || n.doubleValue() != n.longValue()) {
                throw new IllegalArgumentException(label + "taskCalls must be a whole number >= 0, but was " + json.getValue("taskCalls"));
            }
            taskCalls = n.longValue();
        }
        Object source = json.getValue("sourceAddress");
        if (source != null && !(source instanceof String s && CedarRequests.isIpAddress(s))) {
            throw new IllegalArgumentException(label + "sourceAddress must be an IPv4 or IPv6 address, but was " + source);
        }
        return new PolicyCase(String.valueOf(json.getValue("name", tool)),
                new AgentPrincipal(agent, who.getString("user"), groups, who.getString("tenant"), List.of()),
                parsed, tool, json.getJsonObject("arguments", new JsonObject()),
                Intent.fromMeta(json.getJsonObject("intent")), time, (String) source, taskCalls);
    }

    /** Explains with the tool definitions' tiers only. */
    public Explanation explain(ToolCatalog catalog, PolicyEngine engine) {
        return explain(catalog, engine, t -> Optional.empty());
    }

    /** Explains with the operators' tiers ({@code operatorTiers}, by tool name) where set, as the approve stage does. */
    public Explanation explain(ToolCatalog catalog, PolicyEngine engine, Function<String, Optional<Tier>> operatorTiers) {
        ToolDefinition definition = catalog.find(tool).orElseThrow(() -> new IllegalArgumentException("unknown tool: " + tool));
        PolicyDecision decision = engine.decide(new PolicyRequest(principal, action, definition, arguments, intent, time,
                sourceAddress, taskCalls));
        Tier operator = operatorTiers.apply(tool).orElse(null);
        Tier base = operator == null ? definition.tier() : operator;
        return new Explanation(decision.allowed(), decision.policyIds(), decision.errors(),
                decision.allowed() ? decision.tierInForce(base) : null, definition.tier(), operator,
                decision.raisedTier().orElse(null));
    }
}
