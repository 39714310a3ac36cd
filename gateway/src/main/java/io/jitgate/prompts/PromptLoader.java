package io.jitgate.prompts;

import static io.jitgate.config.JsonFields.check;
import static io.jitgate.config.JsonFields.strings;
import static io.jitgate.config.JsonFields.text;

import io.jitgate.config.JsonFolder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a folder of prompt files, {@code <name>.json} each, and checks every one before any is
 * served: the name is legal and matches the file, arguments are unique, every message has role
 * {@code user} or {@code assistant} and one well-formed content block (text, image, audio,
 * resource), and every {@code {arg}} placeholder names a declared argument. Every problem in every
 * file is reported together.
 */
public final class PromptLoader {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> FIELDS = Set.of("name", "title", "description", "arguments", "messages");
    private static final Set<String> ARGUMENT_FIELDS = Set.of("name", "description", "required", "completions");

    private PromptLoader() {
    }

    public static PromptCatalog load(Path dir) {
        List<String> problems = new ArrayList<>();
        List<PromptCatalog.Prompt> prompts = new ArrayList<>();
        for (Map.Entry<Path, JsonObject> file : JsonFolder.read(dir, "promptsDir", problems).entrySet()) {
            try {
                prompts.add(prompt(file.getKey(), file.getValue()));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        JsonFolder.refuseIfAny("prompts in " + dir, problems);
        return new PromptCatalog(prompts);
    }

    private static PromptCatalog.Prompt prompt(Path file, JsonObject json) {
        String at = file + ": ";
        check(JsonFolder.unknownField(json, FIELDS, at));
        String name = text(json, "name", at, true);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(at + "name must be 1-64 letters, digits, '_', '-' or '.', but was '" + name + "'");
        }
        if (!file.getFileName().toString().equals(name + ".json")) {
            throw new IllegalArgumentException(at + "name '" + name + "' must match the file name (" + name + ".json)");
        }
        List<PromptInfo.Argument> arguments = new ArrayList<>();
        Set<String> argumentNames = new HashSet<>();
        Object declared = json.getValue("arguments", new JsonArray());
        if (!(declared instanceof JsonArray list)) {
            throw new IllegalArgumentException(at + "arguments must be a list, but was " + declared);
        }
        for (int i = 0; i < list.size(); i++) {
            String field = at + "arguments[" + i + "].";
            if (!(list.getValue(i) instanceof JsonObject a)) {
                throw new IllegalArgumentException(field.substring(0, field.length() - 1) + " must be an object");
            }
            check(JsonFolder.unknownField(a, ARGUMENT_FIELDS, field));
            String argName = text(a, "name", field, true);
            if (!PLACEHOLDER.matcher("{" + argName + "}").matches()) {
                throw new IllegalArgumentException(field + "name must be letters, digits and '_', but was '" + argName + "'");
            }
            if (!argumentNames.add(argName)) {
                throw new IllegalArgumentException(field + "name '" + argName + "' is declared twice");
            }
            Object required = a.getValue("required", false);
            if (!(required instanceof Boolean r)) {
                throw new IllegalArgumentException(field + "required must be true or false, but was " + required);
            }
            List<String> completions = a.containsKey("completions")
                    ? strings(a.getValue("completions"), field + "completions") : List.of();
            arguments.add(new PromptInfo.Argument(argName, text(a, "description", field, false), r, completions));
        }
        Object messages = json.getValue("messages");
        if (!(messages instanceof JsonArray m) || m.isEmpty()) {
            throw new IllegalArgumentException(at + "messages must be a non-empty list, but was " + messages);
        }
        for (int i = 0; i < m.size(); i++) {
            message(m.getValue(i), at + "messages[" + i + "]");
        }
        Matcher placeholders = PLACEHOLDER.matcher(m.encode());
        while (placeholders.find()) {
            if (!argumentNames.contains(placeholders.group(1))) {
                throw new IllegalArgumentException(at + "messages use {" + placeholders.group(1) + "}, which arguments do not declare");
            }
        }
        PromptInfo info = new PromptInfo(name, text(json, "title", at, false), text(json, "description", at, true), arguments);
        return new PromptCatalog.Prompt(info, m.copy());
    }

    private static void message(Object value, String at) {
        if (!(value instanceof JsonObject message)) {
            throw new IllegalArgumentException(at + " must be an object with role and content");
        }
        check(JsonFolder.unknownField(message, Set.of("role", "content"), at + "."));
        Object role = message.getValue("role");
        if (!"user".equals(role) && !"assistant".equals(role)) {
            throw new IllegalArgumentException(at + ".role must be user or assistant, but was " + role);
        }
        if (!(message.getValue("content") instanceof JsonObject content)) {
            throw new IllegalArgumentException(at + ".content must be one content block (an object)");
        }
        String type = String.valueOf(content.getValue("type"));
        String field = at + ".content.";
        switch (type) {
            case "text" -> text(content, "text", field, true);
            case "image", "audio" -> {
                base64(text(content, "data", field, true), field + "data");
                text(content, "mimeType", field, true);
            }
            case "resource" -> {
                if (!(content.getValue("resource") instanceof JsonObject resource)) {
                    throw new IllegalArgumentException(field + "resource must be an object with uri and text or blob");
                }
                text(resource, "uri", field + "resource.", true);
                if (!resource.containsKey("text") && !resource.containsKey("blob")) {
                    throw new IllegalArgumentException(field + "resource needs text or blob");
                }
            }
            default -> throw new IllegalArgumentException(field + "type must be text, image, audio or resource, but was " + type);
        }
    }

    private static void base64(String value, String field) {
        try {
            Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not base64: " + e.getMessage());
        }
    }
}
