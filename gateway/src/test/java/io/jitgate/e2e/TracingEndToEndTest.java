package io.jitgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.Gateway;
import io.jitgate.admin.AdminSettings;
import io.jitgate.audit.AuditSettings;
import io.jitgate.config.GatewayConfig;
import io.jitgate.telemetry.Telemetry;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code telemetry.otlpEndpoint} set, each call is exported over OTLP/HTTP (protobuf) with its
 * call id on the spans; the receiver here is a bare HTTP server that keeps what it is sent.
 */
class TracingEndToEndTest {
    @Test
    void aCallsSpansReachTheOtlpEndpointWithItsCallId(@TempDir Path dir) throws Exception {
        TestStack stack = TestStack.get();
        Vertx vertx = Vertx.vertx();
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> contentTypes = new CopyOnWriteArrayList<>();
        HttpServer receiver = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            if ("/v1/traces".equals(req.path())) {
                bodies.add(body.toString(StandardCharsets.ISO_8859_1));
                contentTypes.add(req.getHeader("Content-Type"));
            }
            req.response().putHeader("Content-Type", "application/x-protobuf").end();
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        try {
            GatewayConfig base = stack.gatewayConfig(dir.resolve("attribution.jsonl"));
            GatewayConfig traced = new GatewayConfig(base.http(), base.toolsDir(), base.policiesDir(), base.auditFile(), base.auth(),
                    base.vault(), base.aws(), base.awsCallTimeout(), AuditSettings.DEFAULTS, AdminSettings.DISABLED,
                    new Telemetry.Settings(URI.create("http://127.0.0.1:" + receiver.actualPort() + "/v1/traces")));
            Gateway gateway = Gateway.start(vertx, traced, SuiteOutputs.hooks()).await(30, TimeUnit.SECONDS);
            String callId;
            try (McpAgent agent = new McpAgent(gateway.port(), stack.token(vertx, "traced-agent", List.of("dev-agents"), 10))) {
                McpSchema.CallToolResult result = agent.call("whoami", Map.of());
                callId = McpAgent.callId(result);
            } finally {
                gateway.stop().await(15, TimeUnit.SECONDS); // flushes the span exporter
            }
            String all = String.join("\n", bodies);
            assertThat(all).contains(callId, "tools/call whoami", "stage credentials", "stage execute", "jitgate.call_id");
            assertThat(contentTypes).contains("application/x-protobuf");
        } finally {
            receiver.close();
            vertx.close();
        }
    }
}
