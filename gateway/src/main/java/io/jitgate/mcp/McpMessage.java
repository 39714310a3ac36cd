package io.jitgate.mcp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One decoded JSON-RPC message from a client: a request (with an id), a notification (without), or
 * a response to a server request. {@link #parse} checks the envelope and says what is wrong.
 */
public record McpMessage(Kind kind, Object id, String method, JsonObject params) {
    public enum Kind { REQUEST, NOTIFICATION, RESPONSE }

    /** A message that could not be accepted: the JSON-RPC error to answer with. */
    public static final class Invalid extends RuntimeException {
        private final Object id;
        private final int code;

        Invalid(Object id, int code, String message) {
            super(message, null, false, false);
            this.id = id;
            this.code = code;
        }

        public JsonObject toResponse() {
            return JsonRpc.error(id, code, getMessage());
        }
    }

    public boolean isRequest() {
        return kind == Kind.REQUEST;
    }

    /** Checks one element of a message (or of a batch); throws {@link Invalid} naming the problem. */
    public static McpMessage parse(Object element) {
        if (!(element instanceof JsonObject json)) {
            throw new Invalid(null, JsonRpc.INVALID_REQUEST,
                    element instanceof JsonArray ? "JSON-RPC batches are not supported" : "A JSON-RPC message must be a JSON object");
        }
        Object id = json.getValue("id");
        Object replyId = JsonRpc.validId(id) ? id : null;
        if (!"2.0".equals(json.getValue("jsonrpc"))) {
            throw new Invalid(replyId, JsonRpc.INVALID_REQUEST, "jsonrpc must be \"2.0\"");
        }
        if (!(json.getValue("method") instanceof String method)) {
            if (json.containsKey("method")) {
                throw new Invalid(replyId, JsonRpc.INVALID_REQUEST, "method must be a string");
            }
            if (json.containsKey("result") || json.containsKey("error")) {
                // a response to a server-to-client request: params carries its "result" or "error"
                JsonObject answer = new JsonObject();
                if (json.getValue("error") instanceof JsonObject error) {
                    answer.put("error", error);
                } else {
                    answer.put("result", json.getValue("result"));
                }
                return new McpMessage(Kind.RESPONSE, replyId, null, answer);
            }
            throw new Invalid(replyId, JsonRpc.INVALID_REQUEST, "method must be a string");
        }
        if (json.containsKey("id") && !JsonRpc.validId(id)) {
            throw new Invalid(null, JsonRpc.INVALID_REQUEST, "id must be a string or a number");
        }
        Object params = json.getValue("params");
        if (params != null && !(params instanceof JsonObject)) {
            throw new Invalid(replyId, JsonRpc.INVALID_REQUEST, "params must be an object");
        }
        return new McpMessage(json.containsKey("id") ? Kind.REQUEST : Kind.NOTIFICATION, id, method,
                params == null ? new JsonObject() : (JsonObject) params);
    }
}
