package io.jitgate.mcp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The stateless revision 2026-07-28: no {@code initialize}, no session; every request carries its
 * protocol version and client capabilities in {@code _meta}, and {@code server/discover} tells a
 * client what the server supports. Selected per request, beside the session-based revisions.
 */
public final class StatelessRevision {
    public static final String VERSION = "2026-07-28";
    static final String META_VERSION = "io.modelcontextprotocol/protocolVersion";
    static final String META_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";

    private StatelessRevision() {
    }

    /** True when the message asks for the stateless revision. */
    public static boolean requested(McpMessage message) {
        return VERSION.equals(meta(message).getValue(META_VERSION));
    }

    /** The reason a stateless request is not acceptable, or null when it is. */
    public static String problem(McpMessage message, String versionHeader) {
        if (!(meta(message).getValue(META_CAPABILITIES) instanceof JsonObject)) {
            return "a " + VERSION + " request needs params._meta[\"" + META_CAPABILITIES + "\"] (an object)";
        }
        if (versionHeader != null && !VERSION.equals(versionHeader)) {
            return "the MCP-Protocol-Version header (" + versionHeader + ") does not match params._meta (" + VERSION + ")";
        }
        return null;
    }

    /** Methods of the session-based revisions that this revision removed. */
    public static boolean removed(String method) {
        return "ping".equals(method) || "logging/setLevel".equals(method) || "initialize".equals(method);
    }

    /** The result of {@code server/discover}. */
    public static JsonObject discover() {
        JsonObject init = McpMethods.initializeResult(VERSION);
        JsonArray versions = new JsonArray().add(VERSION);
        ProtocolVersions.SUPPORTED.forEach(versions::add);
        return new JsonObject()
                .put("resultType", "complete")
                .put("supportedVersions", versions)
                .put("capabilities", new JsonObject().put("tools", new JsonObject()))
                .put("serverInfo", init.getJsonObject("serverInfo"))
                .put("instructions", init.getString("instructions"));
    }

    /** Marks a response's result as complete, as this revision asks of every result. */
    public static JsonObject complete(JsonObject response) {
        JsonObject result = response.getJsonObject("result");
        if (result != null) {
            result.put("resultType", "complete");
        }
        return response;
    }

    private static JsonObject meta(McpMessage message) {
        return message.params().getValue("_meta") instanceof JsonObject m ? m : new JsonObject();
    }
}
