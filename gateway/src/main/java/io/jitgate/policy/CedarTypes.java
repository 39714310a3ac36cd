package io.jitgate.policy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Cedar schema types for JSON Schema properties and AWS request template values; null where Cedar has none. */
final class CedarTypes {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern WHOLE_REFERENCE = Pattern.compile("^\\{\\{\\s*([A-Za-z0-9_]+)\\s*}}$");

    private CedarTypes() {
    }

    /** The argument a template value is exactly a reference to ({@code "{{name}}"}), or null. */
    static String wholeReference(Object value) {
        if (value instanceof String s) {
            var whole = WHOLE_REFERENCE.matcher(s);
            return whole.matches() ? whole.group(1) : null;
        }
        return null;
    }

    static boolean isIdentifier(String name) {
        return IDENTIFIER.matcher(name).matches();
    }

    /** The Cedar type of a JSON Schema property, or null (number, unions, untyped). */
    static String of(JsonObject property) {
        Object type = property.getValue("type");
        if (!(type instanceof String t)) {
            return null;
        }
        return switch (t) {
            case "string" -> "String";
            case "integer" -> "Long";
            case "boolean" -> "Bool";
            case "array" -> {
                String item = property.getValue("items") instanceof JsonObject items ? of(items) : null;
                yield item == null ? null : "Set<" + item + ">";
            }
            case "object" -> {
                JsonObject properties = property.getJsonObject("properties", new JsonObject());
                Map<String, String> fields = new TreeMap<>();
                for (String name : properties.fieldNames()) {
                    String field = properties.getValue(name) instanceof JsonObject p ? of(p) : null;
                    if (field != null && isIdentifier(name)) {
                        fields.put(name, field);
                    }
                }
                yield record(fields);
            }
            default -> null;
        };
    }

    /** The Cedar type of one top-level value of a request template ({@code "{{arg}}"} takes the argument's type). */
    static String ofTemplateValue(Object value, JsonObject argumentProperties) {
        if (value instanceof String s) {
            var whole = WHOLE_REFERENCE.matcher(s);
            if (whole.matches()) {
                Object property = argumentProperties.getValue(whole.group(1));
                return property instanceof JsonObject p ? of(p) : null;
            }
            return "String";
        }
        if (value instanceof Boolean) {
            return "Bool";
        }
        if (value instanceof Integer || value instanceof Long) {
            return "Long";
        }
        if (value instanceof JsonObject || value instanceof JsonArray) {
            return null;
        }
        return null;
    }

    /** A record type whose fields are all optional. */
    static String record(Map<String, String> fields) {
        StringJoiner out = new StringJoiner(", ", "{", "}");
        fields.forEach((name, type) -> out.add(name + "?: " + type));
        return out.toString();
    }
}
