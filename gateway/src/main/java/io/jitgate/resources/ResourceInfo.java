package io.jitgate.resources;

import io.vertx.core.json.JsonObject;

/** A direct resource as {@code resources/list} shows it. {@code title} and {@code mimeType} may be null. */
public record ResourceInfo(String uri, String name, String title, String description, String mimeType) {
    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("uri", uri).put("name", name);
        if (title != null) {
            json.put("title", title);
        }
        json.put("description", description);
        if (mimeType != null) {
            json.put("mimeType", mimeType);
        }
        return json;
    }
}
