package io.jitgate.pipeline;

import io.vertx.core.json.JsonObject;

/**
 * Why the agent makes a call, as it states it in the call's {@code _meta}: a purpose, the task it
 * works on, and the prompt that led to the call. Every part is optional; policy decides whether a
 * missing part matters.
 */
public record Intent(String purpose, String taskId, String prompt) {
    public static final Intent NONE = new Intent(null, null, null);

    /** Reads the intent from {@code params._meta}; accepts both bare and {@code jitgate/}-prefixed keys. */
    public static Intent fromMeta(JsonObject meta) {
        if (meta == null) {
            return NONE;
        }
        return new Intent(text(meta, "purpose"), text(meta, "taskId"), text(meta, "prompt"));
    }

    private static String text(JsonObject meta, String key) {
        Object value = meta.getValue(key, meta.getValue("jitgate/" + key));
        if (!(value instanceof String s) || s.isBlank()) {
            return null;
        }
        return s;
    }

    public JsonObject toJson() {
        return new JsonObject().put("purpose", purpose).put("taskId", taskId).put("prompt", prompt);
    }
}
