package io.jitgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.Gateway;
import io.jitgate.auth.AgentPrincipal;
import io.jitgate.mcp.StdioTransport;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stdio transport: the official Java SDK client starts `jitgate stdio` as a local server. */
class StdioTransportTest {
    /**
     * `jitgate stdio` as the SDK client starts it: the test stack's gateway configuration with its
     * attribution log in {@code dir} (as {@code attribution.jsonl}), changed by {@code adjust}.
     */
    static ServerParameters stdioServer(Path dir, java.util.function.Consumer<JsonObject> adjust) throws Exception {
        TestStack stack = TestStack.get();
        Path root = Path.of(System.getProperty("jitgate.root", "..")).toAbsolutePath().normalize();
        JsonObject config = new JsonObject(java.nio.file.Files.readString(stack.state.resolve("gateway.json")));
        config.put("auditFile", dir.resolve("attribution.jsonl").toString());
        adjust.accept(config);
        Path configFile = dir.resolve("gateway.json");
        java.nio.file.Files.writeString(configFile, config.encode());
        return ServerParameters.builder("java")
                .args("-jar", root.resolve("gateway/target/jitgate-gateway.jar").toString(), "stdio",
                        "--config", configFile.toString(), "--agent", "stdio-e2e")
                .build();
    }

    @Test
    void theJavaSdkClientListsAndCallsToolsOverStdio(@TempDir Path dir) throws Exception {
        ServerParameters server = stdioServer(dir, config -> { });
        McpSyncClient client = McpClient.sync(new StdioClientTransport(server, McpJsonDefaults.getMapper()))
                .requestTimeout(Duration.ofSeconds(60)).build();
        try {
            client.initialize();
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).contains("whoami", "s3_read_object");
            McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder().name("s3_read_object")
                    .arguments(Map.of("bucket", "jitgate-demo", "key", "readme.txt")).build());
            assertThat(result.isError()).isFalse();
            assertThat(((McpSchema.TextContent) result.content().get(0)).text()).startsWith("This bucket holds");
        } finally {
            client.closeGracefully();
        }
    }

    /**
     * Over stdio a local tool's requests to its client ({@code sampling/createMessage},
     * {@code elicitation/create}) go out on stdout and the client's answers come back on stdin, as
     * over HTTP: the Java SDK client's handlers answer them and the answers become the results.
     */
    @Test
    void localToolsAskTheirClientOverStdio(@TempDir Path dir) throws Exception {
        ServerParameters server = stdioServer(dir,
                config -> config.put("localToolsDir", ConformanceFixturesEndToEndTest.FIXTURES.resolve("tools").toString()));
        Path audit = dir.resolve("attribution.jsonl");
        java.util.List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        McpSyncClient client = McpClient.sync(new StdioClientTransport(server, McpJsonDefaults.getMapper()))
                .requestTimeout(Duration.ofSeconds(60))
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().elicitation().build())
                .sampling(request -> {
                    asked.add("sampling: " + ((McpSchema.TextContent) request.messages().get(0).content()).text());
                    return McpSchema.CreateMessageResult.builder().role(McpSchema.Role.ASSISTANT)
                            .content(new McpSchema.TextContent("Paris")).model("stdio-test-model").build();
                })
                .elicitation(request -> {
                    asked.add("elicitation: " + request.message());
                    return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("username", "stdio-jane"));
                })
                .build();
        try {
            client.initialize();
            McpSchema.CallToolResult sampled = client.callTool(McpSchema.CallToolRequest.builder().name("test_sampling")
                    .arguments(Map.of("prompt", "Capital of France?")).build());
            assertThat(sampled.isError()).as(String.valueOf(sampled)).isFalse();
            assertThat(((McpSchema.TextContent) sampled.content().get(0)).text()).isEqualTo("LLM response: Paris");
            McpSchema.CallToolResult elicited = client.callTool(McpSchema.CallToolRequest.builder().name("test_elicitation")
                    .arguments(Map.of("message", "Who are you?")).build());
            assertThat(elicited.isError()).as(String.valueOf(elicited)).isFalse();
            assertThat(((McpSchema.TextContent) elicited.content().get(0)).text()).contains("stdio-jane");
        } finally {
            client.closeGracefully();
        }
        assertThat(asked).containsExactly("sampling: Capital of France?", "elicitation: Who are you?");
        List<JsonObject> served = java.nio.file.Files.readAllLines(audit).stream().map(JsonObject::new)
                .filter(r -> "tool_call".equals(r.getString("kind"))).toList();
        assertThat(served).extracting(r -> r.getString("tool") + " " + r.getString("outcome"))
                .containsExactly("test_sampling served", "test_elicitation served");
    }

    /** Delivers its bytes one at a time, so every multi-byte character is split across reads. */
    static final class TrickleInputStream extends InputStream {
        private final byte[] bytes;
        private int next;

        TrickleInputStream(String text) {
            this.bytes = text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            return next < bytes.length ? bytes[next++] & 0xff : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (next >= bytes.length) {
                return -1;
            }
            buffer[offset] = bytes[next++];
            return 1;
        }
    }

    @Test
    void framesAreDecodedOnBytesSoSplitCharactersArriveIntact(@TempDir Path dir) throws Exception {
        TestStack stack = TestStack.get();
        Vertx vertx = Vertx.vertx();
        try {
            Gateway gateway = Gateway.startWithoutHttp(vertx, stack.gatewayConfig(dir.resolve("a.jsonl")), SuiteOutputs.hooks())
                    .await(30, TimeUnit.SECONDS);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StdioTransport transport = new StdioTransport(gateway.methods(), gateway.sessions(),
                    new AgentPrincipal("stdio-unit", "alice", List.of("dev-agents"), "dev", List.of()), vertx.getOrCreateContext(), out);
            String input = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"ツール→é\",\"arguments\":{}}}\n"
                    + "not json\n";
            transport.serve(new TrickleInputStream(input)).await(30, TimeUnit.SECONDS);
            List<JsonObject> answers = java.util.Arrays.stream(out.toString(StandardCharsets.UTF_8).trim().split("\n"))
                    .map(JsonObject::new).toList();
            assertThat(answers).hasSize(3);
            JsonObject call = answers.stream().filter(a -> Integer.valueOf(2).equals(a.getValue("id"))).findFirst().orElseThrow();
            assertThat(call.getJsonObject("error").getString("message")).isEqualTo("Unknown tool: ツール→é");
            assertThat(answers).anySatisfy(a -> assertThat(a.getJsonObject("error", new JsonObject()).getInteger("code")).isEqualTo(-32700));
            gateway.stop().await(10, TimeUnit.SECONDS);
        } finally {
            vertx.close();
        }
    }
}
