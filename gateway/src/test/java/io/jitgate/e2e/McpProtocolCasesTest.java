package io.jitgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.Gateway;
import io.jitgate.tools.SchemaCompiler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP protocol cases of {@code cases/mcp/cases.json} (drawn from failures other MCP servers
 * shipped), run step by step against the gateway over HTTP. The case ids name the failures.
 */
class McpProtocolCasesTest {
    static TestStack stack;
    static Vertx vertx;
    static Gateway gateway;
    static String token;
    static final HttpClient http = HttpClient.newHttpClient();
    static final String INTENT = "{\"purpose\":\"protocol case\",\"taskId\":\"CASES\",\"prompt\":\"run the cases\"}";

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        stack = TestStack.get();
        vertx = Vertx.vertx();
        gateway = Gateway.start(vertx, stack.gatewayConfig(dir.resolve("audit.jsonl")), SuiteOutputs.hooks()).await(30, TimeUnit.SECONDS);
        token = stack.token(vertx, "cases-agent", List.of("dev-agents"), 30);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.stop().await(10, TimeUnit.SECONDS);
        vertx.close();
    }

    static Stream<Arguments> cases() throws Exception {
        try (var in = McpProtocolCasesTest.class.getResourceAsStream("/cases/mcp/cases.json")) {
            JsonArray all = new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return all.stream().map(c -> (JsonObject) c).map(c -> Arguments.of(c.getString("id"), c));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theGatewayBehavesAsTheCaseAsks(String id, JsonObject testCase) throws Exception {
        String[] tool = {null, null};
        for (Object s : testCase.getJsonArray("steps")) {
            JsonObject step = (JsonObject) s;
            JsonObject expect = step.getJsonObject("expect");
            String sessionMode = step.getString("session", "fresh");
            String session = switch (sessionMode) {
                case "fresh" -> openSession();
                case "none" -> null;
                default -> sessionMode;
            };
            if (expect.getBoolean("every_tool_with_output_schema_returns_conforming_structured_content", false)) {
                checkEveryToolsStructuredContent(session);
                continue;
            }
            byte[] body = body(step, session, tool);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url()))
                    .method(step.getString("method", "POST"), HttpRequest.BodyPublishers.ofByteArray(body))
                    .header("Accept", "application/json, text/event-stream")
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token);
            if (session != null) {
                request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
            }
            step.getJsonObject("headers", new JsonObject()).forEach(h -> request.setHeader(h.getKey(), String.valueOf(h.getValue())));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            SuiteOutputs.RESPONSES.add(response.headers().map() + "\n" + response.body());
            String where = id + " step " + step.encode();
            assertThat(response.statusCode()).as(where + " -> " + response.body()).isEqualTo(expect.getInteger("status"));
            if (expect.getBoolean("empty_body", false)) {
                assertThat(response.body()).as(where).isEmpty();
            }
            if (response.statusCode() == 413) {
                assertThat(new JsonObject(response.body()).getJsonObject("error")).as(where).isNotNull();
            }
            JsonObject json = response.body().isEmpty() ? new JsonObject() : new JsonObject(response.body());
            if (expect.containsKey("error_code")) {
                assertThat(json.getJsonObject("error").getInteger("code")).as(where).isEqualTo(expect.getInteger("error_code"));
            }
            JsonObject result = json.getJsonObject("result");
            for (Object key : expect.getJsonArray("result_has", new JsonArray())) {
                assertThat(result.containsKey((String) key)).as(where + " result has " + key).isTrue();
            }
            if (expect.containsKey("protocol_version")) {
                assertThat(result.getString("protocolVersion")).as(where).isEqualTo(expect.getString("protocol_version"));
            }
            if (expect.containsKey("protocol_version_not")) {
                assertThat(result.getString("protocolVersion")).as(where).isNotEqualTo(expect.getString("protocol_version_not"))
                        .isEqualTo("2025-11-25");
            }
            if (expect.containsKey("is_error")) {
                assertThat(result.getBoolean("isError")).as(where + " -> " + response.body()).isEqualTo(expect.getBoolean("is_error"));
                if (result.getBoolean("isError")) {
                    assertThat(result.containsKey("structuredContent")).as(where + ": an error carries no structuredContent").isFalse();
                }
            }
        }
    }

    /** Fills the case's placeholders with a real tool that has a required string argument. */
    private byte[] body(JsonObject step, String session, String[] tool) throws Exception {
        if (step.containsKey("body_size_mib")) {
            int size = step.getInteger("body_size_mib") * 1024 * 1024;
            StringBuilder big = new StringBuilder(size + 100).append("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"");
            while (big.length() < size) {
                big.append("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
            }
            return big.append("\"}}").toString().getBytes(StandardCharsets.UTF_8);
        }
        if (step.containsKey("raw")) {
            return step.getString("raw").getBytes(StandardCharsets.UTF_8);
        }
        String text = step.getJsonObject("body").encode();
        if (text.contains("<any tool with a required string argument>")) {
            JsonObject found = toolWithRequiredString(session);
            tool[0] = found.getString("name");
            tool[1] = found.getString("argument");
            text = text.replace("<any tool with a required string argument>", tool[0]);
        }
        if (tool[0] != null) {
            text = text.replace("<same tool>", tool[0]).replace("<its string argument>", tool[1]);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private JsonObject toolWithRequiredString(String session) throws Exception {
        for (Object t : rpc(session, "tools/list", new JsonObject()).getJsonObject("result").getJsonArray("tools")) {
            JsonObject schema = ((JsonObject) t).getJsonObject("inputSchema");
            for (Object r : schema.getJsonArray("required", new JsonArray())) {
                if ("string".equals(schema.getJsonObject("properties").getJsonObject((String) r).getString("type"))) {
                    return new JsonObject().put("name", ((JsonObject) t).getString("name")).put("argument", r);
                }
            }
        }
        throw new AssertionError("no tool with a required string argument");
    }

    private void checkEveryToolsStructuredContent(String session) throws Exception {
        SchemaCompiler compiler = new SchemaCompiler(vertx.fileSystem());
        int checked = 0;
        for (Object t : rpc(session, "tools/list", new JsonObject()).getJsonObject("result").getJsonArray("tools")) {
            JsonObject tool = (JsonObject) t;
            if (!tool.containsKey("outputSchema")) {
                continue;
            }
            JsonObject example = tool.getJsonObject("inputSchema").getJsonArray("examples").getJsonObject(0);
            JsonObject params = new JsonObject().put("name", tool.getString("name")).put("arguments", example)
                    .put("_meta", new JsonObject(INTENT));
            JsonObject result = rpc(session, "tools/call", params).getJsonObject("result");
            assertThat(result.getBoolean("isError")).as(tool.getString("name") + ": " + result.encode()).isFalse();
            JsonObject structured = result.getJsonObject("structuredContent");
            OutputUnit check = compiler.compile(tool.getJsonObject("outputSchema")).validate(structured);
            assertThat(check.getValid()).as(tool.getString("name") + " conforms: " + io.jitgate.tools.SchemaErrors.describe(check)).isTrue();
            String text = result.getJsonArray("content").getJsonObject(0).getString("text");
            assertThat(new JsonObject(text)).as(tool.getString("name") + ": the text block is the same JSON").isEqualTo(structured);
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(6);
    }

    private static String url() {
        return "http://127.0.0.1:" + gateway.port() + "/mcp";
    }

    private static JsonObject rpc(String session, String method, JsonObject params) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url()))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + token).header("Mcp-Session-Id", session)
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("jsonrpc", "2.0").put("id", 99)
                        .put("method", method).put("params", params).encode())).build(), HttpResponse.BodyHandlers.ofString());
        return new JsonObject(response.body());
    }

    private static String openSession() throws Exception {
        HttpResponse<String> init = http.send(HttpRequest.newBuilder(URI.create(url()))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
                        + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"cases\",\"version\":\"1\"}}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        http.send(HttpRequest.newBuilder(URI.create(url()))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return session;
    }

}
