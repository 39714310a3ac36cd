package io.jitgate.mcp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code completion/complete}: the values a prompt argument ({@code ref/prompt}) or a resource
 * template variable ({@code ref/resource}) declares, those starting with what the client typed
 * first (case-insensitive), then those containing it; at most {@value #MAX_VALUES}, as the spec asks.
 */
final class CompletionMethod {
    static final int MAX_VALUES = 100;
    private final ServerFeatures features;

    CompletionMethod(ServerFeatures features) {
        this.features = features;
    }

    JsonObject complete(McpMessage message) {
        JsonObject params = message.params();
        if (!(params.getValue("ref") instanceof JsonObject ref)) {
            throw invalid(message, "completion/complete needs params.ref (an object)");
        }
        if (!(params.getValue("argument") instanceof JsonObject argument)
                || !(argument.getValue("name") instanceof String name) || !(argument.getValue("value") instanceof String typed)) {
            throw invalid(message, "completion/complete needs params.argument with name and value (strings)");
        }
        Optional<List<String>> values = switch (String.valueOf(ref.getValue("type"))) {
            case "ref/prompt" -> ref.getValue("name") instanceof String prompt
                    ? features.prompts().completionValues(prompt, name).or(() -> {
                        throw invalid(message, "Unknown prompt or argument: " + prompt + " has no argument " + name);
                    })
                    : Optional.empty();
            case "ref/resource" -> ref.getValue("uri") instanceof String template
                    ? features.resources().completionValues(template, name).or(() -> {
                        throw invalid(message, "Unknown resource template or variable: " + template + " has no {" + name + "}");
                    })
                    : Optional.empty();
            default -> throw invalid(message, "params.ref.type must be ref/prompt or ref/resource, but was " + ref.getValue("type"));
        };
        if (values.isEmpty()) {
            throw invalid(message, "params.ref needs name (ref/prompt) or uri (ref/resource)");
        }
        String needle = typed.toLowerCase(Locale.ROOT);
        List<String> starting = values.get().stream().filter(v -> v.toLowerCase(Locale.ROOT).startsWith(needle)).toList();
        List<String> containing = values.get().stream()
                .filter(v -> !v.toLowerCase(Locale.ROOT).startsWith(needle) && v.toLowerCase(Locale.ROOT).contains(needle)).toList();
        JsonArray out = new JsonArray();
        starting.stream().limit(MAX_VALUES).forEach(out::add);
        containing.stream().limit(MAX_VALUES - out.size()).forEach(out::add);
        int total = starting.size() + containing.size();
        return JsonRpc.result(message.id(), new JsonObject().put("completion",
                new JsonObject().put("values", out).put("total", total).put("hasMore", total > out.size())));
    }

    private static McpMessage.Invalid invalid(McpMessage message, String why) {
        return new McpMessage.Invalid(message.id(), JsonRpc.INVALID_PARAMS, why);
    }
}
