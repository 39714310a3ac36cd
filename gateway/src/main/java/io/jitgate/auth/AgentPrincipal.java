package io.jitgate.auth;

import java.util.List;
import java.util.Objects;

/**
 * Who is calling: the agent, the person it acts for, the groups it belongs to and its tenant, as the
 * verified bearer token states them.
 */
public record AgentPrincipal(String agentId, String actingFor, List<String> groups, String tenant, List<String> scopes) {
    public AgentPrincipal {
        Objects.requireNonNull(agentId, "agentId");
        groups = List.copyOf(groups == null ? List.of() : groups);
        scopes = List.copyOf(scopes == null ? List.of() : scopes);
    }
}
