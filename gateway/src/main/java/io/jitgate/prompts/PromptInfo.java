package io.jitgate.prompts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A prompt as {@code prompts/list} shows it. {@code title} may be null. */
public record PromptInfo(String name, String title, String description, List<Argument> arguments) {
    /** One argument; {@code completions} are the values suggested by {@code completion/complete}. */
    public record Argument(String name, String description, boolean required, List<String> completions) {
        JsonObject toJson() {
            JsonObject json = new JsonObject().put("name", name);
            if (description != null) {
                json.put("description", description);
            }
            return json.put("required", required);
        }
    }

    public PromptInfo {
        arguments = List.copyOf(arguments);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("name", name);
        if (title != null) {
            json.put("title", title);
        }
        json.put("description", description);
        JsonArray args = new JsonArray();
        arguments.forEach(a -> args.add(a.toJson()));
        return json.put("arguments", args);
    }
}
