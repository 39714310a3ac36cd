package io.jitgate.tools;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a tool's arguments map onto the parameters of its AWS operation. The template is JSON; a
 * string that is exactly {@code {{name}}} is replaced by the argument's value (keeping its JSON
 * type, and dropping the key when the argument is absent); {@code {{name}}} inside a longer string is
 * replaced by the argument's text. Everything else is a literal.
 */
public final class RequestTemplate {
    private static final Pattern WHOLE = Pattern.compile("^\\{\\{\\s*([A-Za-z0-9_]+)\\s*\\}\\}$");
    private static final Pattern PART = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*\\}\\}");

    private final JsonObject template;
    private final Set<String> references;

    public RequestTemplate(JsonObject template) {
        this.template = template.copy();
        Set<String> refs = new LinkedHashSet<>();
        collect(this.template, refs);
        this.references = Collections.unmodifiableSet(refs);
    }

    /** The top-level parameter names this template sets. */
    public Set<String> parameterNames() {
        return template.fieldNames();
    }

    /** Every argument name the template refers to. */
    public Set<String> references() {
        return references;
    }

    /** The parameters of one call, given its (already validated) arguments. */
    public JsonObject render(JsonObject arguments) {
        return renderObject(template, arguments);
    }

    public JsonObject toJson() {
        return template.copy();
    }

    private static JsonObject renderObject(JsonObject source, JsonObject args) {
        JsonObject out = new JsonObject();
        for (Map.Entry<String, Object> e : source) {
            Object value = renderValue(e.getValue(), args);
            if (value != Absent.INSTANCE) {
                out.put(e.getKey(), value);
            }
        }
        return out;
    }

    private static Object renderValue(Object value, JsonObject args) {
        if (value instanceof JsonObject o) {
            return renderObject(o, args);
        }
        if (value instanceof JsonArray a) {
            JsonArray out = new JsonArray();
            for (Object item : a) {
                Object rendered = renderValue(item, args);
                if (rendered != Absent.INSTANCE) {
                    out.add(rendered);
                }
            }
            return out;
        }
        if (value instanceof String s) {
            Matcher whole = WHOLE.matcher(s);
            if (whole.matches()) {
                return args.containsKey(whole.group(1)) ? args.getValue(whole.group(1)) : Absent.INSTANCE;
            }
            Matcher part = PART.matcher(s);
            StringBuilder sb = new StringBuilder();
            while (part.find()) {
                Object arg = args.getValue(part.group(1));
                part.appendReplacement(sb, Matcher.quoteReplacement(arg == null ? "" : String.valueOf(arg)));
            }
            part.appendTail(sb);
            return sb.toString();
        }
        return value;
    }

    private static void collect(Object value, Set<String> refs) {
        if (value instanceof JsonObject o) {
            o.forEach(e -> collect(e.getValue(), refs));
        } else if (value instanceof JsonArray a) {
            a.forEach(v -> collect(v, refs));
        } else if (value instanceof String s) {
            Matcher m = PART.matcher(s);
            while (m.find()) {
                refs.add(m.group(1));
            }
        }
    }

    private enum Absent { INSTANCE }
}
