package io.jitgate.tools;

import io.vertx.json.schema.OutputUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a JSON Schema validation result into one line a model (or a person) can act on: for each
 * offending field, the most specific reason, e.g.
 * {@code bucket: Instance type number is invalid. Expected string; key: String is too short (0 < 1)}.
 */
public final class SchemaErrors {
    private static final int MAX_FIELDS = 5;

    private SchemaErrors() {
    }

    public static String describe(OutputUnit result) {
        Map<String, OutputUnit> byField = new LinkedHashMap<>();
        for (OutputUnit error : result.getErrors() == null ? List.<OutputUnit>of() : result.getErrors()) {
            if (error.getError() == null) {
                continue;
            }
            String field = field(error.getInstanceLocation());
            OutputUnit known = byField.get(field);
            if (known == null || specificity(error) > specificity(known)) {
                byField.put(field, error);
            }
        }
        if (byField.isEmpty()) {
            return result.getError() == null ? "invalid" : result.getError();
        }
        List<String> parts = new ArrayList<>();
        byField.forEach((field, error) -> parts.add(field + ": " + error.getError()));
        String text = String.join("; ", parts.subList(0, Math.min(MAX_FIELDS, parts.size())));
        return parts.size() > MAX_FIELDS ? text + "; and " + (parts.size() - MAX_FIELDS) + " more" : text;
    }

    /** Errors from a keyword about the field itself beat the generic "does not match schema" of its parent. */
    private static int specificity(OutputUnit error) {
        String keyword = error.getKeywordLocation() == null ? "" : error.getKeywordLocation();
        if (keyword.endsWith("/properties") || keyword.endsWith("/additionalProperties")) {
            return 0;
        }
        return keyword.length();
    }

    private static String field(String instanceLocation) {
        if (instanceLocation == null || instanceLocation.isEmpty() || "#".equals(instanceLocation)) {
            return "arguments";
        }
        String pointer = instanceLocation.startsWith("#") ? instanceLocation.substring(1) : instanceLocation;
        return pointer.startsWith("/") ? pointer.substring(1) : pointer;
    }
}
