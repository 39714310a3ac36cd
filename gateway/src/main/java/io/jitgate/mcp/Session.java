package io.jitgate.mcp;

import java.time.Instant;

/** An MCP session: which agent opened it and which protocol revision was agreed. */
public record Session(String id, String agentId, String protocolVersion, Instant createdAt) {
}
