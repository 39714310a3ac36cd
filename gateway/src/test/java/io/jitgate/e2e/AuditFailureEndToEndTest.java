package io.jitgate.e2e;

import static io.jitgate.e2e.McpAgent.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.Gateway;
import io.jitgate.admin.AdminSettings;
import io.jitgate.audit.AuditSettings;
import io.jitgate.audit.PromptStorage;
import io.jitgate.audit.Rotation;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fail closed on the real stack: when the attribution log cannot be written, no call reaches Vault
 * or AWS, and health says so. The failures are real ones from the operating system: writes to
 * {@code /dev/full} (no space left on device), and a rotation whose target name is taken by a folder.
 */
class AuditFailureEndToEndTest {
    static TestStack stack;
    static Vertx vertx;

    @BeforeAll
    static void setUp() throws Exception {
        stack = TestStack.get();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void tearDown() {
        vertx.close();
    }

    @Test
    void aGatewayWhoseLogIsFullDoesNotStart() throws Exception {
        Throwable failure = Gateway.start(vertx, stack.gatewayConfig(Path.of("/dev/full")), SuiteOutputs.hooks())
                .transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause())).await(30, TimeUnit.SECONDS);
        assertThat(failure).isNotNull().hasMessageContaining("the attribution log cannot be written");
    }

    @Test
    void aLogThatFailsWhileServingStopsEveryCallBeforeCredentialsAndShowsInHealth(@TempDir Path dir) throws Exception {
        Path auditFile = dir.resolve("attribution.jsonl");
        // The name the first rotation needs is taken by a non-empty folder: renaming the log there fails.
        Files.createDirectories(dir.resolve("attribution.000001.jsonl"));
        Files.writeString(dir.resolve("attribution.000001.jsonl/occupied"), "x");
        Gateway gateway = Gateway.start(vertx, stack.gatewayConfig(auditFile,
                new AuditSettings(PromptStorage.WHOLE, 40, new Rotation(16_384, null)), AdminSettings.DISABLED),
                SuiteOutputs.hooks()).await(30, TimeUnit.SECONDS);
        HttpClient http = HttpClient.newHttpClient();
        URI health = URI.create("http://127.0.0.1:" + gateway.port() + "/healthz");
        try (McpAgent agent = new McpAgent(gateway.port(), stack.token(vertx, "failing-agent", List.of("dev-agents"), 10))) {
            assertThat(http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            String reason = null;
            for (int i = 0; i < 60 && reason == null; i++) {
                McpSchema.CallToolResult result = agent.call("whoami", Map.of());
                if (result.isError()) {
                    reason = (String) result.meta().get("jitgate/reason");
                }
            }
            assertThat(reason).as("a call once the log could not rotate").isEqualTo("audit_unavailable");

            HttpResponse<String> down = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).isEqualTo(503);
            JsonObject body = new JsonObject(down.body());
            assertThat(body.getString("audit")).isEqualTo("failed");
            assertThat(body.getJsonObject("auditLog").getString("failure")).isNotBlank();
            assertThat(body.getJsonObject("auditLog").getLong("recordsFailed")).isPositive();

            long credentialRequests = stack.openBaoCredentialRequests();
            McpSchema.CallToolResult refused = agent.call("whoami", Map.of());
            assertThat(refused.isError()).isTrue();
            assertThat(refused.meta().get("jitgate/reason")).isEqualTo("audit_unavailable");
            assertThat(text(refused)).contains("attribution log");
            assertThat(stack.openBaoCredentialRequests()).as("OpenBao's own audit log: no credential request after the failure")
                    .isEqualTo(credentialRequests);
        } finally {
            gateway.stop().await(10, TimeUnit.SECONDS);
        }
    }
}
