package io.jitgate.loadtest;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One MCP session over Streamable HTTP, on a shared Vert.x web client. A response may be JSON or an
 * SSE stream that carries the JSON-RPC response (a server's default, e.g. the TypeScript SDK's); the
 * response message is read from either. A server that answers {@code initialize} without an
 * {@code Mcp-Session-Id} (a stateless one) is called without it.
 */
final class McpSession {
    private final WebClient client;
    private final URI url;
    private final String token;
    private final AtomicLong ids = new AtomicLong();
    private String sessionId;

    McpSession(WebClient client, URI url, String token) {
        this.client = client;
        this.url = url;
        this.token = token;
    }

    Future<McpSession> open() {
        JsonObject params = new JsonObject().put("protocolVersion", "2025-11-25").put("capabilities", new JsonObject())
                .put("clientInfo", new JsonObject().put("name", "jitgate-loadtest").put("version", "1"));
        return post(request("initialize", params)).compose(response -> {
            sessionId = response.getHeader("Mcp-Session-Id");
            if (response.statusCode() != 200) {
                return Future.failedFuture("initialize failed: HTTP " + response.statusCode() + " " + response.bodyAsString());
            }
            return post(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized")).map(this);
        });
    }

    /** Calls a tool; the future fails unless the result is a success (isError false). */
    Future<JsonObject> callTool(String name, JsonObject arguments, JsonObject meta) {
        JsonObject params = new JsonObject().put("name", name).put("arguments", arguments);
        if (meta != null) {
            params.put("_meta", meta);
        }
        return post(request("tools/call", params)).compose(response -> {
            JsonObject body = message(response);
            JsonObject result = body == null ? null : body.getJsonObject("result");
            if (result == null || result.getBoolean("isError", false)) { // isError is optional, false when absent
                return Future.failedFuture("call failed: " + response.bodyAsString());
            }
            return Future.succeededFuture(result);
        });
    }

    /** Calls a tool; the future succeeds with the result whether or not it is an error result (isError true). */
    Future<JsonObject> callToolAnyResult(String name, JsonObject arguments) {
        JsonObject params = new JsonObject().put("name", name).put("arguments", arguments);
        return post(request("tools/call", params)).compose(response -> {
            JsonObject body = response.statusCode() == 200 ? message(response) : null;
            JsonObject result = body == null ? null : body.getJsonObject("result");
            return result == null ? Future.failedFuture("call failed: HTTP " + response.statusCode() + " " + response.bodyAsString())
                    : Future.succeededFuture(result);
        });
    }

    /**
     * The JSON-RPC response a POST was answered with: the body when it is JSON, or the last SSE
     * {@code data:} event that holds a response (a result or an error) when it is an event stream.
     * Null when there is none.
     */
    static JsonObject message(HttpResponse<Buffer> response) {
        String type = response.getHeader("Content-Type");
        if (type == null || !type.startsWith("text/event-stream")) {
            return response.bodyAsJsonObject();
        }
        return fromEventStream(response.bodyAsString());
    }

    /** The last {@code data:} event of {@code stream} that is a JSON-RPC response, or null. */
    static JsonObject fromEventStream(String stream) {
        JsonObject found = null;
        StringBuilder data = new StringBuilder();
        for (String line : (stream == null ? "" : stream + "\n").split("\r?\n", -1)) {
            if (line.startsWith("data:")) {
                data.append(data.length() == 0 ? "" : "\n").append(line.substring(line.startsWith("data: ") ? 6 : 5));
            } else if (line.isEmpty() && data.length() > 0) {
                JsonObject event = new JsonObject(data.toString());
                if (event.containsKey("result") || event.containsKey("error")) {
                    found = event;
                }
                data.setLength(0);
            }
        }
        return found;
    }

    private JsonObject request(String method, JsonObject params) {
        return new JsonObject().put("jsonrpc", "2.0").put("id", ids.incrementAndGet()).put("method", method).put("params", params);
    }

    private Future<HttpResponse<Buffer>> post(JsonObject body) {
        var request = client.postAbs(url.toString())
                .putHeader("Accept", "application/json, text/event-stream")
                .putHeader("Content-Type", "application/json");
        if (token != null) {
            request.putHeader("Authorization", "Bearer " + token);
        }
        if (sessionId != null) {
            request.putHeader("Mcp-Session-Id", sessionId).putHeader("MCP-Protocol-Version", "2025-11-25");
        }
        return request.sendBuffer(body.toBuffer());
    }
}
