package io.jitgate.e2e;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;

/** An agent as the official MCP Java SDK client sees the gateway: over Streamable HTTP with a bearer token. */
final class McpAgent implements AutoCloseable {
    final McpSyncClient client;

    McpAgent(int port, String token) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                .endpoint("/mcp")
                .httpRequestCustomizer((builder, method, uri, body, context) -> builder.header("Authorization", "Bearer " + token))
                .build();
        this.client = McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("jitgate-e2e", "1.0"))
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        this.client.initialize();
    }

    McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return recorded(client.callTool(McpSchema.CallToolRequest.builder().name(tool).arguments(arguments).build()));
    }

    /** Keeps what the agent received for the secret-hygiene scan at the end of the suite. */
    private static McpSchema.CallToolResult recorded(McpSchema.CallToolResult result) {
        SuiteOutputs.RESPONSES.add(String.valueOf(result));
        return result;
    }

    McpSchema.CallToolResult callWithIntent(String tool, Map<String, Object> arguments, String purpose, String taskId, String prompt) {
        return recorded(client.callTool(McpSchema.CallToolRequest.builder().name(tool).arguments(arguments)
                .meta(Map.of("purpose", purpose, "taskId", taskId, "prompt", prompt)).build()));
    }

    static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    static String callId(McpSchema.CallToolResult result) {
        return (String) result.meta().get("jitgate/callId");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> structured(McpSchema.CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }

    /** Closes without waiting for the server to end the session (for load threads). */
    void closeNow() {
        client.close();
    }

    @Override
    public void close() {
        client.closeGracefully();
    }
}
