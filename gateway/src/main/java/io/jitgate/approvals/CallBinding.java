package io.jitgate.approvals;

import io.jitgate.audit.HashChain;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an approval is bound to: one agent calling one tool with exactly these arguments. The digest
 * is the SHA-256 of a canonical JSON form (object keys sorted at every level), so the order in which
 * a client writes its arguments does not matter, but any other difference does.
 */
public final class CallBinding {
    private CallBinding() {
    }

    /** The binding digest of {@code agent} calling {@code tool} with {@code arguments}. */
    public static String digest(String agent, String tool, JsonObject arguments) {
        JsonArray bound = new JsonArray().add(agent).add(tool).add(canonical(arguments == null ? new JsonObject() : arguments));
        return HashChain.sha256(bound.encode());
    }

    private static Object canonical(Object value) {
        if (value instanceof JsonObject object) {
            Map<String, Object> sorted = new TreeMap<>();
            object.forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            return new JsonObject(new java.util.LinkedHashMap<>(sorted));
        }
        if (value instanceof JsonArray array) {
            JsonArray out = new JsonArray();
            array.forEach(v -> out.add(canonical(v)));
            return out;
        }
        return value;
    }
}
