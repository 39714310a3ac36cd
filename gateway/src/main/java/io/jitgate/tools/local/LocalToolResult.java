package io.jitgate.tools.local;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** What a local tool answered: MCP content blocks (text, image, audio, resource, ...). */
public record LocalToolResult(JsonArray content) {
    public LocalToolResult {
        if (content == null || content.isEmpty()) {
            throw new IllegalArgumentException("a local tool result needs at least one content block");
        }
        content = content.copy();
    }

    /** A result of these blocks, in order. */
    public static LocalToolResult of(JsonObject... blocks) {
        JsonArray content = new JsonArray();
        for (JsonObject block : blocks) {
            content.add(block);
        }
        return new LocalToolResult(content);
    }
}
