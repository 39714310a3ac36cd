package io.jitgate.mcp;

import io.jitgate.prompts.PromptArgumentsInvalid;
import io.jitgate.prompts.PromptProvider;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code prompts/list} and {@code prompts/get} over one {@link PromptProvider}. Gets are recorded
 * ({@link ContentReadRecords}); an unknown prompt or bad arguments are -32602 naming what is wrong.
 */
final class PromptMethods {
    private final PromptProvider provider;
    private final ContentReadRecords records;

    PromptMethods(PromptProvider provider, ContentReadRecords records) {
        this.provider = provider;
        this.records = records;
    }

    JsonObject list(McpMessage message) {
        ResourceMethods.noCursor(message);
        JsonArray out = new JsonArray();
        provider.prompts().forEach(p -> out.add(p.toJson()));
        return JsonRpc.result(message.id(), new JsonObject().put("prompts", out));
    }

    Future<JsonObject> get(McpMessage message, McpMethods.Caller caller) {
        if (!(message.params().getValue("name") instanceof String name) || name.isBlank()) {
            return Future.succeededFuture(JsonRpc.error(message.id(), JsonRpc.INVALID_PARAMS, "prompts/get needs params.name (a string)"));
        }
        Object given = message.params().getValue("arguments");
        if (given != null && !(given instanceof JsonObject)) {
            return Future.succeededFuture(JsonRpc.error(message.id(), JsonRpc.INVALID_PARAMS, "params.arguments must be an object"));
        }
        JsonObject arguments = given == null ? new JsonObject() : (JsonObject) given;
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : arguments) {
            if (!(e.getValue() instanceof String s)) {
                return records.record(caller, message.id(), "prompts/get", name, arguments, "invalid", "invalid_arguments",
                        JsonRpc.error(message.id(), JsonRpc.INVALID_PARAMS, "params.arguments." + e.getKey() + " must be a string"));
            }
            values.put(e.getKey(), s);
        }
        Optional<JsonObject> result;
        try {
            result = provider.get(name, values);
        } catch (PromptArgumentsInvalid invalid) {
            return records.record(caller, message.id(), "prompts/get", name, arguments, "invalid", "invalid_arguments",
                    JsonRpc.error(message.id(), JsonRpc.INVALID_PARAMS, "Invalid arguments: " + invalid.getMessage()));
        }
        return result.isPresent()
                ? records.record(caller, message.id(), "prompts/get", name, arguments, "served", "ok",
                        JsonRpc.result(message.id(), result.get()))
                : records.record(caller, message.id(), "prompts/get", name, arguments, "invalid", "unknown_prompt",
                        JsonRpc.error(message.id(), JsonRpc.INVALID_PARAMS, "Unknown prompt: " + name));
    }
}
