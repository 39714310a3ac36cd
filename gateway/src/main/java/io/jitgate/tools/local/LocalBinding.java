package io.jitgate.tools.local;

/** What a local tool file binds to: the name of a registered handler, and the handler itself. */
public record LocalBinding(String handler, LocalTool tool) {
}
