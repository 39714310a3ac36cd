package io.jitgate.tools.local;

import io.vertx.core.json.JsonObject;

/** Builds MCP content blocks, as tool results and prompt messages carry them. */
public final class Content {
    private Content() {
    }

    public static JsonObject text(String text) {
        return new JsonObject().put("type", "text").put("text", text);
    }

    /** An image; {@code base64} is the encoded bytes. */
    public static JsonObject image(String base64, String mimeType) {
        return new JsonObject().put("type", "image").put("data", base64).put("mimeType", mimeType);
    }

    /** Audio; {@code base64} is the encoded bytes. */
    public static JsonObject audio(String base64, String mimeType) {
        return new JsonObject().put("type", "audio").put("data", base64).put("mimeType", mimeType);
    }

    /** An embedded text resource. */
    public static JsonObject resource(String uri, String mimeType, String text) {
        return new JsonObject().put("type", "resource")
                .put("resource", new JsonObject().put("uri", uri).put("mimeType", mimeType).put("text", text));
    }
}
