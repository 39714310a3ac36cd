package io.jitgate.policy;

import io.jitgate.auth.AgentPrincipal;
import io.jitgate.pipeline.Intent;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.json.JsonObject;

/**
 * One question for the policy: may this principal take this action on this tool, with these
 * arguments and this stated intent?
 */
public record PolicyRequest(AgentPrincipal principal, PolicyAction action, ToolDefinition tool, JsonObject arguments, Intent intent) {
    /** The two actions the gateway asks about. */
    public enum PolicyAction {
        /** Seeing the tool in {@code tools/list}. */
        LIST("list"),
        /** Calling the tool. */
        CALL("call");

        private final String cedarId;

        PolicyAction(String cedarId) {
            this.cedarId = cedarId;
        }

        public String cedarId() {
            return cedarId;
        }
    }
}
