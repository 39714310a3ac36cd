package io.jitgate.e2e;

import static io.jitgate.e2e.HeldCalls.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.Gateway;
import io.jitgate.approvals.ApprovalSettings;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code confirm} tier asks the agent's own user through MCP elicitation, with the official MCP
 * Java SDK client as the agent: {@code accept} runs the call, {@code decline} refuses it; a client
 * that did not declare elicitation falls back to an operator's approval.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ElicitationEndToEndTest {

    static McpSyncClient client(int port, String token, Function<McpSchema.ElicitFormRequest, McpSchema.ElicitResult> elicitation) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                .endpoint("/mcp")
                .httpRequestCustomizer((builder, method, uri, body, context) -> builder.header("Authorization", "Bearer " + token))
                .build();
        McpClient.SyncSpec spec = McpClient.sync(transport).clientInfo(new McpSchema.Implementation("jitgate-elicitation-e2e", "1.0"))
                .requestTimeout(Duration.ofSeconds(60));
        if (elicitation != null) {
            spec.capabilities(McpSchema.ClientCapabilities.builder().elicitation().build()).elicitation(elicitation);
        }
        McpSyncClient client = spec.build();
        client.initialize();
        return client;
    }

    static McpSchema.CallToolResult whoami(McpSyncClient client) {
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder().name("whoami").arguments(Map.of()).build());
        SuiteOutputs.RESPONSES.add(String.valueOf(result));
        return result;
    }

    @Test
    void theUserConfirmsOrDeclinesThroughElicitationAndWithoutItAnOperatorDecides(@TempDir Path dir) throws Exception {
        TestStack stack = TestStack.get();
        Vertx vertx = Vertx.vertx();
        Path auditFile = dir.resolve("attribution.jsonl");
        try {
            Gateway gateway = Gateway.start(vertx, HeldCalls.config(stack, auditFile, ApprovalSettings.DEFAULTS), SuiteOutputs.hooks())
                    .await(30, TimeUnit.SECONDS);
            assertThat(HeldCalls.admin(gateway, "PUT", "/admin/tiers/whoami", new JsonObject().put("tier", "confirm")
                    .put("operator", "ops-alice").put("comment", "users confirm identity checks"), KEY).statusCode()).isEqualTo(200);
            String token = stack.token(vertx, "elicit-agent", List.of("dev-agents"), 30);
            Queue<McpSchema.ElicitFormRequest> asked = new ConcurrentLinkedQueue<>();

            McpSchema.CallToolResult accepted;
            try (McpSyncClient accepting = client(gateway.port(), token, request -> {
                asked.add(request);
                return McpSchema.ElicitResult.builder(McpSchema.ElicitResult.Action.ACCEPT).content(Map.of()).build();
            })) {
                accepted = whoami(accepting);
            }
            assertThat(accepted.isError()).as(String.valueOf(accepted)).isFalse();
            assertThat(asked).singleElement().satisfies(r -> assertThat(r.message()).contains("elicit-agent").contains("whoami"));

            McpSchema.CallToolResult declined;
            try (McpSyncClient declining = client(gateway.port(), token,
                    request -> McpSchema.ElicitResult.builder(McpSchema.ElicitResult.Action.DECLINE).build())) {
                declined = whoami(declining);
            }
            assertThat(declined.isError()).isTrue();
            assertThat(declined.meta().get("jitgate/reason")).isEqualTo("confirmation_declined");
            assertThat(((McpSchema.TextContent) declined.content().get(0)).text()).contains("did not confirm");

            McpSchema.CallToolResult fallback;
            try (McpSyncClient plain = client(gateway.port(), token, null)) {
                fallback = whoami(plain);
            }
            assertThat(fallback.meta().get("jitgate/reason")).as("without elicitation an operator decides").isEqualTo("approval_pending");
            String approvalId = (String) fallback.meta().get("jitgate/approvalId");
            assertThat(HeldCalls.pending(gateway).stream().map(a -> ((JsonObject) a).getString("id"))).containsExactly(approvalId);
            assertThat(((JsonObject) HeldCalls.pending(gateway).getValue(0)).getString("tier")).isEqualTo("confirm");

            HttpMcp raw = new HttpMcp(gateway.port(), token);
            String session = raw.initialize("2025-11-25");
            HttpResponse<String> stray = raw.post(session, "{\"jsonrpc\":\"2.0\",\"id\":\"jitgate-never-sent\",\"result\":{\"action\":\"accept\"}}");
            assertThat(stray.statusCode()).as("a response to a request never sent").isEqualTo(400);
            assertThat(stray.body()).contains("jitgate-never-sent");
            gateway.stop().await(10, TimeUnit.SECONDS);

            JsonObject served = HeldCalls.callRecord(auditFile, (String) accepted.meta().get("jitgate/callId"));
            assertThat(served.getString("outcome")).isEqualTo("served");
            assertThat(served.getString("tier")).isEqualTo("confirm");
            assertThat(served.getJsonObject("approval").getString("via")).isEqualTo("elicitation");
            assertThat(served.getJsonObject("approval").getString("status")).isEqualTo("approved");
            assertThat(served.getJsonObject("approval").getString("decidedBy")).isEqualTo("alice");
            JsonObject refused = HeldCalls.callRecord(auditFile, (String) declined.meta().get("jitgate/callId"));
            assertThat(refused.getString("reason")).isEqualTo("confirmation_declined");
            assertThat(refused.getJsonObject("approval").getString("status")).isEqualTo("declined");
            assertThat(refused.getJsonObject("credentials")).isNull();
            HeldCalls.assertSchema(auditFile);
        } finally {
            vertx.close();
        }
    }
}
