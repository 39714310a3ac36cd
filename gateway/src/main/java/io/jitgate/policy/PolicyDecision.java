package io.jitgate.policy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What the policy said about one request: allowed or not, the ids of the policies that determined
 * it, and any errors met while evaluating (a policy that errors is skipped, so it can only deny).
 */
public record PolicyDecision(boolean allowed, List<String> policyIds, List<String> errors) {
    public PolicyDecision {
        policyIds = List.copyOf(policyIds);
        errors = List.copyOf(errors);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("effect", allowed ? "allow" : "deny")
                .put("policyIds", new JsonArray(policyIds))
                .put("errors", new JsonArray(errors));
    }
}
