package io.jitgate.prompts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prompts declared in files ({@link PromptLoader}): messages whose strings name arguments as
 * {@code {arg}}, filled in by {@code prompts/get}. Immutable.
 */
public final class PromptCatalog implements PromptProvider {
    /** One prompt: its listing and its message templates. */
    record Prompt(PromptInfo info, JsonArray messages) {
    }

    private final Map<String, Prompt> byName = new LinkedHashMap<>();

    PromptCatalog(List<Prompt> prompts) {
        prompts.forEach(p -> byName.put(p.info().name(), p));
    }

    public int size() {
        return byName.size();
    }

    @Override
    public List<PromptInfo> prompts() {
        return byName.values().stream().map(Prompt::info).toList();
    }

    @Override
    public Optional<JsonObject> get(String name, Map<String, String> arguments) {
        Prompt prompt = byName.get(name);
        if (prompt == null) {
            return Optional.empty();
        }
        List<String> declared = new ArrayList<>();
        for (PromptInfo.Argument a : prompt.info().arguments()) {
            declared.add(a.name());
            if (a.required() && (arguments.get(a.name()) == null)) {
                throw new PromptArgumentsInvalid("prompt " + name + " needs argument " + a.name());
            }
        }
        for (String given : arguments.keySet()) {
            if (!declared.contains(given)) {
                throw new PromptArgumentsInvalid("prompt " + name + " has no argument " + given
                        + (declared.isEmpty() ? " (it takes none)" : " (it takes " + String.join(", ", declared) + ")"));
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        declared.forEach(a -> values.put(a, arguments.getOrDefault(a, "")));
        JsonObject result = new JsonObject().put("description", prompt.info().description())
                .put("messages", (JsonArray) fill(prompt.messages(), values));
        return Optional.of(result);
    }

    /** A copy of {@code value} with every {@code {arg}} in its strings replaced by the argument's value. */
    private static Object fill(Object value, Map<String, String> values) {
        if (value instanceof String s) {
            for (Map.Entry<String, String> v : values.entrySet()) {
                s = s.replace("{" + v.getKey() + "}", v.getValue());
            }
            return s;
        }
        if (value instanceof JsonObject o) {
            JsonObject out = new JsonObject();
            o.forEach(e -> out.put(e.getKey(), fill(e.getValue(), values)));
            return out;
        }
        if (value instanceof JsonArray a) {
            JsonArray out = new JsonArray();
            a.forEach(item -> out.add(fill(item, values)));
            return out;
        }
        return value;
    }

    @Override
    public Optional<List<String>> completionValues(String prompt, String argument) {
        return Optional.ofNullable(byName.get(prompt))
                .flatMap(p -> p.info().arguments().stream().filter(a -> a.name().equals(argument)).findFirst())
                .map(PromptInfo.Argument::completions);
    }
}
