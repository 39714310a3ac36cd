package io.jitgate.policy;

import io.jitgate.tools.Tier;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What the policy said about one request: allowed or not, the ids of the policies that determined
 * it, and any errors met while evaluating (a policy that errors is skipped, so it can only deny).
 */
public record PolicyDecision(boolean allowed, List<String> policyIds, List<String> errors, java.util.Optional<Tier> raisedTier) {
    public PolicyDecision {
        policyIds = List.copyOf(policyIds);
        errors = List.copyOf(errors);
        raisedTier = raisedTier == null ? java.util.Optional.empty() : raisedTier;
    }

    /** A decision that raises no tier. */
    public PolicyDecision(boolean allowed, List<String> policyIds, List<String> errors) {
        this(allowed, policyIds, errors, java.util.Optional.empty());
    }

    /** The tier in force for a call of a tool whose base tier is {@code base}: never below the base. */
    public Tier tierInForce(Tier base) {
        return raisedTier.map(base::strictest).orElse(base);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("effect", allowed ? "allow" : "deny")
                .put("policyIds", new JsonArray(policyIds))
                .put("errors", new JsonArray(errors))
                .put("raisedTier", raisedTier.map(Tier::word).orElse(null));
    }
}
