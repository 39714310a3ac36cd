package io.jitgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.Gateway;
import io.jitgate.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Streamable HTTP transport beyond the basic exchange: sessions that any instance with the key
 * can serve, DELETE, version headers, batches on 2025-03-26 only, pagination, CORS, OAuth resource
 * metadata and scopes, SSE progress, and bounded results. Two gateway instances share one session key.
 */
class StreamableHttpTest {
    static TestStack stack;
    static Vertx vertx;
    static Gateway first;
    static Gateway second;
    static HttpMcp one;
    static HttpMcp two;
    static String token;
    static final String ORIGIN = "http://127.0.0.1:3000";

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        stack = TestStack.get();
        vertx = Vertx.vertx();
        Path key = dir.resolve("session.key");
        Files.write(key, io.jitgate.mcp.SessionIds.randomKey());
        GatewayConfig.HttpSettings http = new GatewayConfig.HttpSettings("127.0.0.1", 0, 1_048_576, List.of(ORIGIN),
                4096, 3, key, Duration.ofHours(1));
        first = Gateway.start(vertx, stack.gatewayConfig(dir.resolve("a.jsonl"), http), SuiteOutputs.hooks()).await(30, TimeUnit.SECONDS);
        second = Gateway.start(vertx, stack.gatewayConfig(dir.resolve("b.jsonl"), http), SuiteOutputs.hooks()).await(30, TimeUnit.SECONDS);
        token = stack.token(vertx, "http-agent", List.of("dev-agents"), 30);
        one = new HttpMcp(first.port(), token);
        two = new HttpMcp(second.port(), token);
    }

    @AfterAll
    static void stop() throws Exception {
        first.stop().await(10, TimeUnit.SECONDS);
        second.stop().await(10, TimeUnit.SECONDS);
        vertx.close();
    }

    @Test
    void aSessionOpenedOnOneInstanceIsServedByAnotherWithTheSameKey() throws Exception {
        String session = one.initialize("2025-11-25");
        assertThat(two.post(session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void forgedOrForeignSessionIdsAreNotFound() throws Exception {
        String session = one.initialize("2025-11-25");
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        String tampered = session.substring(0, session.length() - 2) + (session.endsWith("AA") ? "BB" : "AA");
        assertThat(one.post(tampered, ping).statusCode()).isEqualTo(404);
        HttpMcp other = new HttpMcp(first.port(), stack.token(vertx, "another-agent", List.of("dev-agents"), 5));
        assertThat(other.post(session, ping).statusCode()).isEqualTo(404);
    }

    @Test
    void deleteEndsTheSessionOnEveryRequestAfter() throws Exception {
        String session = one.initialize("2025-11-25");
        assertThat(one.send("DELETE", session, null, "/mcp").statusCode()).isEqualTo(204);
        assertThat(one.post(session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").statusCode()).isEqualTo(404);
        assertThat(one.send("DELETE", session, null, "/mcp").statusCode()).isEqualTo(404);
    }

    @Test
    void theProtocolVersionHeaderIsCheckedAfterInitialization() throws Exception {
        String session = one.initialize("2025-06-18");
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        assertThat(one.post(session, ping, Map.of("MCP-Protocol-Version", "2025-06-18")).statusCode()).isEqualTo(200);
        assertThat(one.post(session, ping, Map.of("MCP-Protocol-Version", "1999-01-01")).statusCode()).isEqualTo(400);
        HttpResponse<String> init = one.post(null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
                + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
                Map.of("MCP-Protocol-Version", "1999-01-01"));
        assertThat(init.statusCode()).as("the header never blocks initialize").isEqualTo(200);
    }

    @Test
    void batchesAreAnsweredOnlyOn20250326Sessions() throws Exception {
        String batch = "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"two\",\"method\":\"tools/list\"}]";
        HttpResponse<String> old = one.post(one.initialize("2025-03-26"), batch);
        assertThat(old.statusCode()).isEqualTo(200);
        JsonArray answers = new JsonArray(old.body());
        assertThat(answers).hasSize(2);
        assertThat(answers.getJsonObject(0).getValue("id")).isEqualTo(1);
        assertThat(answers.getJsonObject(1).getString("id")).isEqualTo("two");
        HttpResponse<String> current = one.post(one.initialize("2025-11-25"), batch);
        assertThat(current.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(current.body()).getJsonObject("error").getInteger("code")).isEqualTo(-32600);
    }

    @Test
    void toolsListIsPagedWithOpaqueStableCursors() throws Exception {
        String session = one.initialize("2025-11-25");
        List<String> names = new ArrayList<>();
        Object cursor = null;
        int pages = 0;
        do {
            JsonObject params = cursor == null ? new JsonObject() : new JsonObject().put("cursor", cursor);
            JsonObject result = one.rpc(session, "tools/list", params).getJsonObject("result");
            result.getJsonArray("tools").forEach(t -> names.add(((JsonObject) t).getString("name")));
            assertThat(result.getJsonArray("tools").size()).isLessThanOrEqualTo(3);
            cursor = result.getValue("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(names).hasSize(9).doesNotHaveDuplicates().isSorted();
        JsonObject bad = one.rpc(session, "tools/list", new JsonObject().put("cursor", "not-a-cursor"));
        assertThat(bad.getJsonObject("error").getInteger("code")).isEqualTo(-32602);
    }

    @Test
    void browsersGetCorsHeadersFromAllowedOriginsOnly() throws Exception {
        HttpResponse<String> preflight = one.send("OPTIONS", null, ORIGIN, "/mcp");
        assertThat(preflight.statusCode()).isBetween(200, 204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
                .contains("mcp-session-id").contains("authorization");
        HttpResponse<String> init = one.post(null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
                + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
                Map.of("Origin", ORIGIN));
        assertThat(init.headers().firstValue("Access-Control-Expose-Headers").orElse("").toLowerCase()).contains("mcp-session-id");
        assertThat(one.send("OPTIONS", null, "http://evil.example", "/mcp").statusCode()).isEqualTo(403);
    }

    @Test
    void protectedResourceMetadataIsServedAndNamedOn401() throws Exception {
        HttpMcp anonymous = new HttpMcp(first.port(), null);
        HttpResponse<String> unauthorized = anonymous.post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        String header = unauthorized.headers().firstValue("WWW-Authenticate").orElseThrow();
        String metadataUrl = header.replaceAll(".*resource_metadata=\"([^\"]+)\".*", "$1");
        assertThat(metadataUrl).endsWith("/.well-known/oauth-protected-resource/mcp");
        for (String path : List.of("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp")) {
            HttpResponse<String> metadata = anonymous.send("GET", null, null, path);
            assertThat(metadata.statusCode()).isEqualTo(200);
            JsonObject json = new JsonObject(metadata.body());
            assertThat(json.getString("resource")).isEqualTo(stack.config.auth().audience());
            assertThat(json.getJsonArray("authorization_servers")).contains("jitgate-dev");
        }
    }

    @Test
    void aMissingScopeIsForbiddenWithInsufficientScope() throws Exception {
        HttpMcp listOnly = new HttpMcp(first.port(), stack.tokenWithScope(vertx, "scoped-agent", "tools:list"));
        String session = listOnly.initialize("2025-11-25");
        assertThat(listOnly.post(session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> call = listOnly.post(session,
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"arguments\":{}}}");
        assertThat(call.statusCode()).isEqualTo(403);
        assertThat(call.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("insufficient_scope").contains("tools:call");
    }

    @Test
    void aCallWithAProgressTokenStreamsProgressThenTheResult() throws Exception {
        String session = one.initialize("2025-11-25");
        HttpResponse<String> response = one.post(session, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"whoami\",\"arguments\":{},\"_meta\":{\"progressToken\":\"p-1\"}}}");
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<JsonObject> events = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        // A 2025-11-25 stream starts with a priming event (SEP-1699): an id, a retry delay, empty data.
        assertThat(response.body()).containsPattern("^(: [^\n]*\n\n)?id: \\d+\nretry: \\d+\ndata: \n\n");
        for (String block : response.body().split("\n\n")) {
            for (String line : block.split("\n")) {
                if (line.startsWith("data: ") && line.length() > 6) {
                    events.add(new JsonObject(line.substring(6)));
                } else if (line.startsWith("id: ")) {
                    ids.add(Long.parseLong(line.substring(4)));
                }
            }
        }
        assertThat(events.size()).isGreaterThanOrEqualTo(3);
        List<JsonObject> progress = events.subList(0, events.size() - 1);
        assertThat(progress).allSatisfy(e -> {
            assertThat(e.getString("method")).isEqualTo("notifications/progress");
            assertThat(e.getJsonObject("params").getString("progressToken")).isEqualTo("p-1");
        });
        assertThat(progress.stream().map(e -> e.getJsonObject("params").getInteger("progress")).toList()).isSorted();
        JsonObject last = events.get(events.size() - 1);
        assertThat(last.getInteger("id")).isEqualTo(7);
        assertThat(last.getJsonObject("result").getBoolean("isError")).isFalse();
        assertThat(ids).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void aResultOverTheLimitIsCutWithAVisibleNotice() throws Exception {
        String session = one.initialize("2025-11-25");
        JsonObject intent = new JsonObject().put("purpose", "size test").put("taskId", "T-LIMIT");
        JsonObject written = one.rpc(session, "tools/call", new JsonObject().put("name", "s3_write_object")
                .put("arguments", new JsonObject().put("bucket", "jitgate-demo").put("key", "big.txt").put("text", "y".repeat(10_000)))
                .put("_meta", intent));
        assertThat(written.getJsonObject("result").getBoolean("isError")).as(written.encode()).isFalse();
        JsonObject read = one.rpc(session, "tools/call", new JsonObject().put("name", "s3_read_object")
                .put("arguments", new JsonObject().put("bucket", "jitgate-demo").put("key", "big.txt"))).getJsonObject("result");
        assertThat(read.getBoolean("isError")).isTrue();
        assertThat(read.getJsonObject("_meta").getString("jitgate/reason")).isEqualTo("result_too_large");
        String text = read.getJsonArray("content").getJsonObject(0).getString("text");
        assertThat(text).startsWith("[jitgate: the result is").contains("over the limit of 4096 bytes").contains("yyyy");
        assertThat(new JsonObject(new io.vertx.core.json.JsonObject(one.rpc(session, "ping", new JsonObject()).encode()).encode())).isNotNull();
    }

    private static String stateless(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"method\":\"" + method + "\",\"params\":{" + params
                + (params.isEmpty() ? "" : ",") + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
    }

    @Test
    void theStatelessRevisionIsServedPerRequestWithoutASession() throws Exception {
        Map<String, String> header = Map.of("MCP-Protocol-Version", "2026-07-28");
        JsonObject discover = new JsonObject(one.post(null, stateless("server/discover", ""), header).body()).getJsonObject("result");
        assertThat(discover.getString("resultType")).isEqualTo("complete");
        assertThat(discover.getJsonArray("supportedVersions")).contains("2026-07-28", "2025-11-25", "2025-06-18");
        assertThat(discover.getJsonObject("serverInfo").getString("name")).isEqualTo("jitgate");

        HttpResponse<String> call = two.post(null, stateless("tools/call", "\"name\":\"whoami\",\"arguments\":{}"), header);
        JsonObject result = new JsonObject(call.body()).getJsonObject("result");
        assertThat(result.getString("resultType")).isEqualTo("complete");
        assertThat(result.getBoolean("isError")).as(call.body()).isFalse();
        assertThat(call.headers().firstValue("Mcp-Session-Id")).isEmpty();

        assertThat(new JsonObject(one.post(null, stateless("ping", ""), header).body()).getJsonObject("error").getInteger("code"))
                .isEqualTo(-32601);
        HttpResponse<String> noCapabilities = one.post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":"
                + "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}", header);
        assertThat(noCapabilities.statusCode()).isEqualTo(400);
        assertThat(noCapabilities.body()).contains("clientCapabilities");
        JsonObject init = new JsonObject(one.post(null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
                + "{\"protocolVersion\":\"2026-07-28\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}").body());
        assertThat(init.getJsonObject("result").getString("protocolVersion")).as("initialize never agrees to the stateless revision")
                .isEqualTo("2025-11-25");
    }
}
