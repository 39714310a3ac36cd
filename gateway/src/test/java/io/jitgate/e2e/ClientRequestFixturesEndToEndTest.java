package io.jitgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.Gateway;
import io.jitgate.config.GatewayConfig;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local tools that ask their client mid-call ({@code sampling/createMessage},
 * {@code elicitation/create}), through the official MCP Java SDK client's sampling and elicitation
 * handlers, on a gateway of the real stack: the client's answer becomes the result; a client that did
 * not declare the capability, or answers with an error, gets a tool error; a cancelled call cancels
 * its request to the client.
 */
class ClientRequestFixturesEndToEndTest {
    static TestStack stack;
    static Vertx vertx;
    static Gateway gateway;
    static Path auditFile;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        stack = TestStack.get();
        vertx = Vertx.vertx();
        auditFile = dir.resolve("asking.jsonl");
        Path fixtures = ConformanceFixturesEndToEndTest.FIXTURES;
        GatewayConfig config = stack.gatewayConfig(auditFile).withContent(new GatewayConfig.ContentDirs(
                fixtures.resolve("tools"), fixtures.resolve("resources"), fixtures.resolve("prompts")));
        gateway = Gateway.start(vertx, config, SuiteOutputs.hooks()).await(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.stop().await(10, TimeUnit.SECONDS);
        vertx.close();
    }

    static McpSyncClient client(String agent, Consumer<McpClient.SyncSpec> handlers) throws Exception {
        String token = stack.token(vertx, agent, List.of("dev-agents"), 30);
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + gateway.port())
                .endpoint("/mcp")
                .httpRequestCustomizer((builder, method, uri, body, context) -> builder.header("Authorization", "Bearer " + token))
                .build();
        McpClient.SyncSpec spec = McpClient.sync(transport).clientInfo(new McpSchema.Implementation("jitgate-asking-e2e", "1.0"))
                .requestTimeout(Duration.ofSeconds(30));
        handlers.accept(spec);
        McpSyncClient client = spec.build();
        client.initialize();
        return client;
    }

    static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder().name(tool).arguments(arguments).build());
        SuiteOutputs.RESPONSES.add(String.valueOf(result));
        return result;
    }

    static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    static JsonObject record(McpSchema.CallToolResult result) throws Exception {
        String callId = (String) result.meta().get("jitgate/callId");
        return Files.readAllLines(auditFile).stream().map(JsonObject::new)
                .filter(r -> callId.equals(r.getString("callId"))).findFirst().orElseThrow();
    }

    @Test
    void theClientsSampledAnswerAndItsUsersFormAnswerBecomeTheResults() throws Exception {
        Queue<McpSchema.CreateMessageRequest> sampled = new ConcurrentLinkedQueue<>();
        Queue<McpSchema.ElicitFormRequest> asked = new ConcurrentLinkedQueue<>();
        try (McpSyncClient client = client("asking-agent", spec -> spec
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().elicitation().build())
                .sampling(request -> {
                    sampled.add(request);
                    return McpSchema.CreateMessageResult.builder().role(McpSchema.Role.ASSISTANT)
                            .content(new McpSchema.TextContent("Paris")).model("test-model").build();
                })
                .elicitation(request -> {
                    asked.add(request);
                    return McpSchema.ElicitResult.builder(McpSchema.ElicitResult.Action.ACCEPT)
                            .content(Map.of("username", "jane")).build();
                }))) {
            McpSchema.CallToolResult sampling = call(client, "test_sampling", Map.of("prompt", "Capital of France?"));
            assertThat(sampling.isError()).isFalse();
            assertThat(text(sampling)).isEqualTo("LLM response: Paris");
            McpSchema.CreateMessageRequest request = sampled.remove();
            assertThat(((McpSchema.TextContent) request.messages().get(0).content()).text()).isEqualTo("Capital of France?");
            assertThat(request.maxTokens()).isEqualTo(100);
            JsonObject record = record(sampling);
            assertThat(record.getString("outcome")).isEqualTo("served");
            assertThat(record.getValue("credentials")).isNull();

            McpSchema.CallToolResult elicitation = call(client, "test_elicitation", Map.of("message", "Who are you?"));
            assertThat(text(elicitation)).isEqualTo("User response: action=accept, content={\"username\":\"jane\"}");
            McpSchema.ElicitFormRequest form = asked.remove();
            assertThat(form.message()).isEqualTo("Who are you?");
            assertThat(form.requestedSchema().get("required")).isEqualTo(List.of("username", "email"));

            call(client, "test_elicitation_sep1034_defaults", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> defaults = (Map<String, Map<String, Object>>) asked.remove().requestedSchema().get("properties");
            assertThat(defaults.get("name").get("default")).isEqualTo("John Doe");
            assertThat(defaults.get("age").get("default")).isEqualTo(30);
            assertThat(defaults.get("score").get("default")).isEqualTo(95.5);
            assertThat(defaults.get("status").get("default")).isEqualTo("active");
            assertThat(defaults.get("verified").get("default")).isEqualTo(true);

            assertThat(text(call(client, "test_elicitation_sep1330_enums", Map.of()))).startsWith("Elicitation completed: action=accept");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> enums = (Map<String, Map<String, Object>>) asked.remove().requestedSchema().get("properties");
            assertThat(enums.keySet()).containsExactlyInAnyOrder("untitledSingle", "titledSingle", "legacyEnum", "untitledMulti", "titledMulti");
            assertThat(enums.get("legacyEnum").get("enumNames")).isEqualTo(List.of("Option One", "Option Two", "Option Three"));
        }
    }

    @Test
    void aClientWithoutTheCapabilityOrThatAnswersWithAnErrorGetsAToolError() throws Exception {
        try (McpSyncClient bare = client("bare-agent", spec -> { })) {
            McpSchema.CallToolResult refused = call(bare, "test_sampling", Map.of("prompt", "hi"));
            assertThat(refused.isError()).isTrue();
            assertThat(text(refused)).isEqualTo("The client did not declare the sampling capability, so it cannot be sent sampling/createMessage");
            assertThat(record(refused).getString("reason")).isEqualTo("tool_error");
            assertThat(text(call(bare, "test_elicitation", Map.of("message", "hi"))))
                    .contains("did not declare the elicitation (form mode) capability");
        }
        try (McpSyncClient failing = client("failing-agent", spec -> spec
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().build())
                .sampling(request -> {
                    throw new IllegalStateException("no model configured");
                }))) {
            McpSchema.CallToolResult error = call(failing, "test_sampling", Map.of("prompt", "hi"));
            assertThat(error.isError()).isTrue();
            assertThat(text(error)).startsWith("The client answered sampling/createMessage with error");
            assertThat(record(error).getString("outcome")).isEqualTo("failed");
        }
    }

    /**
     * Cancelling the call while the gateway waits for the user: the client is told its
     * {@code elicitation/create} is cancelled, a late answer to it is refused, and the record says
     * {@code cancelled}. Plain HTTP, to hold the elicitation unanswered and read the stream as it comes.
     */
    @Test
    void cancellingTheCallCancelsItsRequestToTheClient() throws Exception {
        HttpMcp http = new HttpMcp(gateway.port(), stack.token(vertx, "cancelling-agent", List.of("dev-agents"), 5));
        HttpResponse<String> init = http.post(null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"elicitation\":{}},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        http.post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        HttpRequest call = HttpRequest.newBuilder(URI.create(http.url))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + http.token).header("Mcp-Session-Id", session)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"test_elicitation\",\"arguments\":{\"message\":\"Still there?\"}}}"))
                .build();
        Iterator<String> stream = HttpMcp.HTTP.send(call, HttpResponse.BodyHandlers.ofLines()).body().iterator();
        JsonObject elicitation = nextMessage(stream);
        assertThat(elicitation.getString("method")).isEqualTo("elicitation/create");
        assertThat(elicitation.getJsonObject("params").getString("message")).isEqualTo("Still there?");

        assertThat(http.post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                + "\"params\":{\"requestId\":7,\"reason\":\"user walked away\"}}").statusCode()).isEqualTo(202);
        JsonObject cancelled = nextMessage(stream);
        assertThat(cancelled.getString("method")).isEqualTo("notifications/cancelled");
        assertThat(cancelled.getJsonObject("params").getString("requestId")).isEqualTo(elicitation.getString("id"));
        assertThat(cancelled.getJsonObject("params").getString("reason")).contains("user walked away");
        while (stream.hasNext()) {
            stream.next();
        }

        HttpResponse<String> late = http.post(session, new JsonObject().put("jsonrpc", "2.0").put("id", elicitation.getString("id"))
                .put("result", new JsonObject().put("action", "accept")).encode());
        assertThat(late.statusCode()).as("a late answer to the cancelled request").isEqualTo(400);
        JsonObject record = Files.readAllLines(auditFile).stream().map(JsonObject::new)
                .filter(r -> "cancelling-agent".equals(r.getString("agent")) && "test_elicitation".equals(r.getString("tool")))
                .findFirst().orElseThrow();
        assertThat(record.getString("outcome")).isEqualTo("cancelled");
        assertThat(record.getString("detail")).contains("stopped waiting for its client").contains("user walked away");
    }

    /** The next JSON-RPC message on an SSE stream (skipping comments, ids and priming events). */
    static JsonObject nextMessage(Iterator<String> stream) {
        while (stream.hasNext()) {
            String line = stream.next();
            if (line.startsWith("data: {")) {
                SuiteOutputs.RESPONSES.add(line);
                return new JsonObject(line.substring(6));
            }
        }
        throw new AssertionError("the stream ended without another message");
    }
}
