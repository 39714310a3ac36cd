package io.jitgate.mcp;

import io.vertx.core.json.JsonObject;

/** JSON-RPC 2.0 error codes and message shapes used on the MCP wire. */
public final class JsonRpc {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** MCP: {@code resources/read} of a URI the server does not have. */
    public static final int RESOURCE_NOT_FOUND = -32002;

    private JsonRpc() {
    }

    public static JsonObject result(Object id, JsonObject result) {
        return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result);
    }

    public static JsonObject error(Object id, int code, String message) {
        return new JsonObject().put("jsonrpc", "2.0").put("id", id)
                .put("error", new JsonObject().put("code", code).put("message", message));
    }

    /** True for ids JSON-RPC allows on a request: a string or a number (null is not allowed by MCP). */
    public static boolean validId(Object id) {
        return id instanceof String || id instanceof Number;
    }
}
