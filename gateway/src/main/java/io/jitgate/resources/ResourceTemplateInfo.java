package io.jitgate.resources;

import io.vertx.core.json.JsonObject;

/** A resource template as {@code resources/templates/list} shows it. {@code title} and {@code mimeType} may be null. */
public record ResourceTemplateInfo(String uriTemplate, String name, String title, String description, String mimeType) {
    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("uriTemplate", uriTemplate).put("name", name);
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
