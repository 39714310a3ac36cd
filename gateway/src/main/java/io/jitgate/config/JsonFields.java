package io.jitgate.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading fields of the JSON files an operator writes (resources, prompts), with errors that name
 * the field and what was found. Every failure is an {@link IllegalArgumentException} whose message
 * the loader prefixes with the file.
 */
public final class JsonFields {
    private JsonFields() {
    }

    /** {@code value} as a list of strings; {@code field} names it in the error. */
    public static List<String> strings(Object value, String field) {
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException(field + " must be a list of strings, but was " + value);
        }
        List<String> out = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof String s)) {
                throw new IllegalArgumentException(field + " must hold only strings, but has " + item);
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** A non-blank string field, or null when it is absent and not {@code required}; {@code at} prefixes the field's name. */
    public static String text(JsonObject json, String field, String at, boolean required) {
        Object value = json.getValue(field);
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException(at + field + " must be a non-empty string, but was " + (value == null ? "missing" : value));
        }
        return s;
    }

    /** Throws {@code problem} as an IllegalArgumentException unless it is null. */
    public static void check(String problem) {
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }
}
