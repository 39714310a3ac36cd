package io.jitgate.e2e;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Raw MCP over HTTP for protocol tests: exact headers and bodies, no SDK in between. */
final class HttpMcp {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    final String url;
    final String token;

    HttpMcp(int port, String token) {
        this.url = "http://127.0.0.1:" + port + "/mcp";
        this.token = token;
    }

    HttpResponse<String> post(String session, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        headers.forEach(request::setHeader);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String session, String body) throws Exception {
        return post(session, body, Map.of());
    }

    /** Opens a session at {@code version}; returns its id. */
    String initialize(String version) throws Exception {
        HttpResponse<String> response = post(null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                + version + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
        if (response.statusCode() != 200) {
            throw new AssertionError("initialize failed: " + response.statusCode() + " " + response.body());
        }
        return response.headers().firstValue("Mcp-Session-Id").orElseThrow();
    }

    JsonObject rpc(String session, String method, JsonObject params) throws Exception {
        return new JsonObject(post(session, new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", method)
                .put("params", params).encode()).body());
    }

    HttpResponse<String> send(String method, String session, String origin, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.replace("/mcp", path)))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        if (origin != null) {
            request.header("Origin", origin).header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type,mcp-session-id,authorization");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
