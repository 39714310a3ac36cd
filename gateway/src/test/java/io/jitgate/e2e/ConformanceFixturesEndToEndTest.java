package io.jitgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitgate.Gateway;
import io.jitgate.config.GatewayConfig;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance fixtures (local tools, resources, prompts from clients/fixtures) through the
 * official MCP Java SDK client, on a gateway of the real stack: local tools pass policy and get a
 * record but no credentials; resources, prompts and completion answer as the spec says.
 */
class ConformanceFixturesEndToEndTest {
    static final Path FIXTURES = Path.of(System.getProperty("jitgate.root", "..")).resolve("clients/fixtures").toAbsolutePath();
    static TestStack stack;
    static Vertx vertx;
    static Gateway gateway;
    static Path auditFile;
    static McpSyncClient client;
    static final Queue<McpSchema.ProgressNotification> progress = new ConcurrentLinkedQueue<>();
    static final Queue<McpSchema.LoggingMessageNotification> logs = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        stack = TestStack.get();
        vertx = Vertx.vertx();
        auditFile = dir.resolve("fixtures.jsonl");
        GatewayConfig config = stack.gatewayConfig(auditFile).withContent(new GatewayConfig.ContentDirs(
                FIXTURES.resolve("tools"), FIXTURES.resolve("resources"), FIXTURES.resolve("prompts")));
        gateway = Gateway.start(vertx, config, SuiteOutputs.hooks()).await(30, TimeUnit.SECONDS);
        String token = stack.token(vertx, "fixtures-agent", List.of("dev-agents"), 30);
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + gateway.port())
                .endpoint("/mcp")
                .httpRequestCustomizer((builder, method, uri, body, context) -> builder.header("Authorization", "Bearer " + token))
                .build();
        client = McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("jitgate-fixtures-e2e", "1.0"))
                .requestTimeout(Duration.ofSeconds(30))
                .progressConsumer(progress::add)
                .loggingConsumer(logs::add)
                .build();
        client.initialize();
    }

    @AfterAll
    static void stop() throws Exception {
        client.closeGracefully();
        gateway.stop().await(10, TimeUnit.SECONDS);
        vertx.close();
    }

    static McpSchema.CallToolResult call(String tool) {
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder().name(tool).arguments(Map.of()).build());
        SuiteOutputs.RESPONSES.add(String.valueOf(result));
        return result;
    }

    static JsonObject record(String callId) throws Exception {
        return Files.readAllLines(auditFile).stream().map(JsonObject::new)
                .filter(r -> callId.equals(r.getString("callId"))).findFirst().orElseThrow();
    }

    @Test
    void theServerOffersToolsResourcesWithSubscribePromptsAndCompletions() {
        McpSchema.ServerCapabilities offered = client.getServerCapabilities();
        assertThat(offered.resources().subscribe()).isTrue();
        assertThat(offered.prompts()).isNotNull();
        assertThat(offered.completions()).isNotNull();
        List<String> tools = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
        assertThat(tools).contains("whoami", "test_simple_text", "test_tool_with_progress", "json_schema_2020_12_tool");
    }

    @Test
    void localToolsAnswerWithTheirContentBlocks() {
        assertThat(((McpSchema.TextContent) call("test_simple_text").content().get(0)).text())
                .isEqualTo("This is a simple text response for testing.");
        assertThat(((McpSchema.ImageContent) call("test_image_content").content().get(0)).mimeType()).isEqualTo("image/png");
        assertThat(((McpSchema.AudioContent) call("test_audio_content").content().get(0)).mimeType()).isEqualTo("audio/wav");
        McpSchema.EmbeddedResource embedded = (McpSchema.EmbeddedResource) call("test_embedded_resource").content().get(0);
        assertThat(embedded.resource().uri()).isEqualTo("test://embedded-resource");
        assertThat(call("test_multiple_content_types").content()).hasSize(3);
    }

    @Test
    void aLocalToolPassesPolicyAndIsRecordedWithoutCredentialsOrAwsRequest() throws Exception {
        McpSchema.CallToolResult result = call("test_simple_text");
        JsonObject record = record((String) result.meta().get("jitgate/callId"));
        assertThat(record.getString("outcome")).isEqualTo("served");
        assertThat(record.getString("agent")).isEqualTo("fixtures-agent");
        assertThat(record.getJsonObject("decision").getString("effect")).isEqualTo("allow");
        assertThat(record.getJsonObject("decision").getJsonArray("policyIds").getList()).contains("dev-agents-read");
        assertThat(record.getString("tier")).isEqualTo("auto");
        assertThat(record.getValue("credentials")).isNull();
        assertThat(record.getValue("aws")).isNull();
        assertThat(record.getJsonObject("stagesMs").fieldNames()).contains("authorize", "approve", "admit", "execute");
    }

    @Test
    void anErrorResultReachesTheModelAndIsRecordedAsToolError() throws Exception {
        McpSchema.CallToolResult result = call("test_error_handling");
        assertThat(result.isError()).isTrue();
        assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("This tool intentionally returns an error for testing");
        JsonObject record = record((String) result.meta().get("jitgate/callId"));
        assertThat(record.getString("outcome")).isEqualTo("failed");
        assertThat(record.getString("reason")).isEqualTo("tool_error");
    }

    @Test
    void aToolReportingItsOwnProgressStreamsExactlyItsSteps() {
        progress.clear();
        client.callTool(McpSchema.CallToolRequest.builder().name("test_tool_with_progress").arguments(Map.of())
                .progressToken("fixture-progress").build());
        assertThat(progress).extracting(McpSchema.ProgressNotification::progress).containsExactly(0.0, 50.0, 100.0);
        assertThat(progress).allSatisfy(p -> {
            assertThat(p.progressToken()).isEqualTo("fixture-progress");
            assertThat(p.total()).isEqualTo(100.0);
        });
    }

    @Test
    void aToolsLogMessagesArriveDuringTheCallAtTheLevelAskedFor() throws Exception {
        // Their order on the wire, read with plain HTTP: the SDK client below hands each notification
        // to a sync consumer on its own thread (boundedElastic), so it may see them in any order.
        HttpMcp http = new HttpMcp(gateway.port(), stack.token(vertx, "fixtures-agent", List.of("dev-agents"), 5));
        String session = http.initialize("2025-11-25");
        http.rpc(session, "logging/setLevel", new JsonObject().put("level", "info"));
        java.net.http.HttpResponse<String> post = http.post(session,
                "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"test_tool_with_logging\",\"arguments\":{}}}");
        SuiteOutputs.RESPONSES.add(post.body());
        assertThat(post.body().lines().filter(l -> l.startsWith("data: {")).map(l -> new JsonObject(l.substring(6)))
                .filter(m -> "notifications/message".equals(m.getString("method")))
                .map(m -> String.valueOf(m.getJsonObject("params").getValue("data"))).filter(d -> d.startsWith("Tool ")).toList())
                .containsExactly("Tool execution started", "Tool processing data", "Tool execution completed");

        client.setLoggingLevel(McpSchema.LoggingLevel.INFO);
        logs.clear();
        call("test_tool_with_logging");
        assertThat(logs.stream().map(l -> String.valueOf(l.data())).filter(d -> d.startsWith("Tool ")).toList())
                .containsExactlyInAnyOrder("Tool execution started", "Tool processing data", "Tool execution completed");
        client.setLoggingLevel(McpSchema.LoggingLevel.ERROR);
        logs.clear();
        call("test_tool_with_logging");
        assertThat(logs).isEmpty();
    }

    @Test
    void resourcesReadAsTextBlobAndThroughTheirTemplate() throws Exception {
        assertThat(client.listResources().resources()).extracting(McpSchema.Resource::uri)
                .containsExactly("test://static-binary", "test://static-text", "test://watched-resource");
        assertThat(client.listResourceTemplates().resourceTemplates()).extracting(McpSchema.ResourceTemplate::uriTemplate)
                .containsExactly("test://template/{id}/data");
        McpSchema.TextResourceContents text = (McpSchema.TextResourceContents) client
                .readResource(new McpSchema.ReadResourceRequest("test://static-text")).contents().get(0);
        assertThat(text.text()).isEqualTo("This is the content of the static text resource.");
        McpSchema.BlobResourceContents blob = (McpSchema.BlobResourceContents) client
                .readResource(new McpSchema.ReadResourceRequest("test://static-binary")).contents().get(0);
        assertThat(blob.mimeType()).isEqualTo("image/png");
        McpSchema.TextResourceContents data = (McpSchema.TextResourceContents) client
                .readResource(new McpSchema.ReadResourceRequest("test://template/42/data")).contents().get(0);
        assertThat(new JsonObject(data.text()).getString("id")).isEqualTo("42");
        List<JsonObject> reads = Files.readAllLines(auditFile).stream().map(JsonObject::new)
                .filter(r -> "content_read".equals(r.getString("kind")) && "fixtures-agent".equals(r.getString("agent"))).toList();
        assertThat(reads).extracting(r -> r.getString("target")).contains("test://static-text", "test://static-binary", "test://template/42/data");
    }

    @Test
    void anUnknownResourceIsResourceNotFound() {
        assertThatThrownBy(() -> client.readResource(new McpSchema.ReadResourceRequest("test://no-such-thing")))
                .isInstanceOf(McpError.class)
                .satisfies(e -> assertThat(((McpError) e).getJsonRpcError().code()).isEqualTo(-32002));
        assertThatThrownBy(() -> client.subscribeResource(new McpSchema.SubscribeRequest("test://no-such-thing")))
                .isInstanceOf(McpError.class);
        client.subscribeResource(new McpSchema.SubscribeRequest("test://watched-resource"));
        client.unsubscribeResource(new McpSchema.UnsubscribeRequest("test://watched-resource"));
    }

    @Test
    void promptsAreFilledWithTheirArgumentsAndCompleted() {
        assertThat(client.listPrompts().prompts()).extracting(McpSchema.Prompt::name).contains("test_simple_prompt", "test_prompt_with_image");
        McpSchema.GetPromptResult filled = client.getPrompt(new McpSchema.GetPromptRequest("test_prompt_with_arguments",
                Map.of("arg1", "hello", "arg2", "world")));
        assertThat(((McpSchema.TextContent) filled.messages().get(0).content()).text())
                .isEqualTo("Prompt with arguments: arg1='hello', arg2='world'");
        McpSchema.GetPromptResult image = client.getPrompt(new McpSchema.GetPromptRequest("test_prompt_with_image", Map.of()));
        assertThat(image.messages().get(0).content()).isInstanceOf(McpSchema.ImageContent.class);
        assertThatThrownBy(() -> client.getPrompt(new McpSchema.GetPromptRequest("test_prompt_with_arguments", Map.of("arg1", "x"))))
                .isInstanceOf(McpError.class).hasMessageContaining("needs argument arg2");
        McpSchema.CompleteResult completed = client.completeCompletion(new McpSchema.CompleteRequest(
                new McpSchema.PromptReference("test_prompt_with_arguments"), new McpSchema.CompleteRequest.CompleteArgument("arg1", "pa")));
        assertThat(completed.completion().values()).containsExactly("paris", "park");
    }

    @Test
    void everyRecordOfTheseCallsAndReadsMatchesTheRecordSchema() throws Exception {
        call("test_simple_text");
        call("test_error_handling");
        client.readResource(new McpSchema.ReadResourceRequest("test://static-text"));
        client.getPrompt(new McpSchema.GetPromptRequest("test_simple_prompt", Map.of()));
        io.jitgate.audit.RecordSchema schema = io.jitgate.audit.RecordSchema.load();
        List<String> lines = Files.readAllLines(auditFile);
        assertThat(lines).extracting(l -> new JsonObject(l).getString("kind")).contains("tool_call", "content_read");
        for (String line : lines) {
            assertThat(schema.problem(new JsonObject(line))).as(line).isEmpty();
        }
    }

    /**
     * SSE polling (SEP-1699) on the wire: the answer stream starts with a priming event (an id, a
     * retry delay, empty data); the tool closes the connection before answering; a GET with that id
     * as Last-Event-ID gets the answer. (The Java SDK 2.2.0 client does not reconnect a POST stream
     * the server closed, java-sdk issue 698, so this is checked with plain HTTP.)
     */
    @Test
    void aStreamClosedMidCallIsResumedWithLastEventId() throws Exception {
        HttpMcp http = new HttpMcp(gateway.port(), stack.token(vertx, "fixtures-agent", List.of("dev-agents"), 5));
        String session = http.initialize("2025-11-25");
        java.net.http.HttpResponse<String> post = http.post(session,
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"test_reconnection\",\"arguments\":{}}}");
        assertThat(post.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        java.util.regex.Matcher priming = java.util.regex.Pattern.compile("id: (\\d+)\nretry: (\\d+)\ndata: \n").matcher(post.body());
        assertThat(priming.find()).as("priming event in %s", post.body()).isTrue();
        assertThat(post.body()).doesNotContain("Reconnection test completed");
        java.net.http.HttpResponse<String> resumed = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + gateway.port() + "/mcp")).GET()
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + http.token)
                .header("Mcp-Session-Id", session).header("Last-Event-ID", priming.group(1)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(resumed.statusCode()).isEqualTo(200);
        String data = resumed.body().lines().filter(l -> l.startsWith("data: {")).findFirst().orElseThrow().substring(6);
        JsonObject answer = new JsonObject(data);
        assertThat(answer.getInteger("id")).isEqualTo(5);
        assertThat(answer.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"))
                .isEqualTo("Reconnection test completed successfully");
        SuiteOutputs.RESPONSES.add(resumed.body());
    }
}
