package io.jitgate.credentials;

import io.jitgate.tools.RequestTemplate;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The STS session policy that narrows one call's credentials to the resources of that call: the
 * tool's declared actions on its {@code aws.credentials.narrowTo} patterns, filled in with the call's
 * arguments. An argument's {@code *}, {@code ?} and {@code $} are written as IAM's escapes
 * ({@code ${*}}, {@code ${?}}, {@code ${$}}), so an argument can never widen the pattern into a
 * wildcard. A session policy can only narrow: AWS grants the intersection with the role's policy.
 */
public final class SessionPolicies {
    /** The most plaintext characters STS accepts in an inline session policy. */
    public static final int MAX_CHARS = 2048;

    private SessionPolicies() {
    }

    /** The policy was larger than STS accepts; the call is refused before any credential is issued. */
    public static final class TooLarge extends RuntimeException {
        TooLarge(String tool, int chars) {
            super("the session policy narrowing this call of " + tool + " would be " + chars + " characters, more than the "
                    + MAX_CHARS + " STS accepts (shorter arguments, or a tool without aws.credentials.narrowTo)");
        }
    }

    /** The compact JSON session policy for a call of {@code tool} with {@code arguments}; throws {@link TooLarge}. */
    public static String forCall(ToolDefinition tool, JsonObject arguments) {
        List<String> resources = new ArrayList<>();
        for (String pattern : tool.aws().credentials().narrowTo()) {
            resources.add(render(pattern, arguments));
        }
        String policy = new JsonObject().put("Version", "2012-10-17").put("Statement", new JsonArray().add(new JsonObject()
                .put("Sid", "ThisCallOnly").put("Effect", "Allow")
                .put("Action", new JsonArray(tool.aws().actions()))
                .put("Resource", new JsonArray(resources)))).encode();
        if (policy.length() > MAX_CHARS) {
            throw new TooLarge(tool.name(), policy.length());
        }
        return policy;
    }

    /** One pattern with each {@code {{name}}} replaced by the argument's value, IAM wildcards escaped. */
    static String render(String pattern, JsonObject arguments) {
        JsonObject escaped = new JsonObject();
        for (String name : arguments.fieldNames()) {
            Object value = arguments.getValue(name);
            escaped.put(name, value == null ? "" : escape(String.valueOf(value)));
        }
        return new RequestTemplate(new JsonObject().put("r", pattern)).render(escaped).getString("r");
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '*' -> out.append("${*}");
                case '?' -> out.append("${?}");
                case '$' -> out.append("${$}");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
