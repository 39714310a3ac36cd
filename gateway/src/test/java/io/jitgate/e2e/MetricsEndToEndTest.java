package io.jitgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.Gateway;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} on the real stack: what an operator needs, in Prometheus text format, after real calls. */
class MetricsEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void metricsShowCallsStagesVaultAwsAndBreakers() throws Exception {
        TestStack stack = TestStack.get();
        Vertx vertx = Vertx.vertx();
        Gateway gateway = Gateway.start(vertx, stack.gatewayConfig(dir.resolve("m.jsonl")), SuiteOutputs.hooks()).await(30, TimeUnit.SECONDS);
        try (McpAgent agent = new McpAgent(gateway.port(), stack.token(vertx, "metrics-agent", List.of("dev-agents"), 10))) {
            agent.call("s3_read_object", Map.of("bucket", "jitgate-demo", "key", "readme.txt"));
            agent.call("s3_read_object", Map.of("bucket", "jitgate-demo", "key", "no-such-key.txt"));
            agent.call("s3_read_object", Map.of("bucket", "jitgate-demo", "key", 1));
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
            String m = response.body();
            assertThat(m)
                    .containsPattern("jitgate_calls_total\\{outcome=\"served\",reason=\"ok\",tool=\"s3_read_object\"\\} 1")
                    .containsPattern("jitgate_calls_total\\{outcome=\"upstream_error\",reason=\"aws_error\",tool=\"s3_read_object\"\\} 1")
                    .containsPattern("jitgate_calls_total\\{outcome=\"invalid\",reason=\"invalid_arguments\",tool=\"s3_read_object\"\\} 1")
                    .containsPattern("jitgate_stage_seconds_count\\{stage=\"credentials\"\\} 2")
                    .containsPattern("jitgate_stage_seconds_count\\{stage=\"validate\"\\} 3")
                    .containsPattern("jitgate_vault_issue_seconds_count\\{outcome=\"ok\",vault_role=\"s3-read-object\"\\} 2")
                    .containsPattern("jitgate_aws_call_seconds_count\\{operation=\"GetObject\",outcome=\"ok\",service=\"s3\"\\} 1")
                    .containsPattern("jitgate_aws_call_seconds_count\\{operation=\"GetObject\",outcome=\"NoSuchKey\",service=\"s3\"\\} 1")
                    .containsPattern("resilience4j_circuitbreaker_state\\{name=\"vault\",state=\"closed\"\\} 1")
                    .containsPattern("resilience4j_circuitbreaker_state\\{name=\"aws_s3\",state=\"closed\"\\} 1")
                    .contains("resilience4j_ratelimiter_available_permissions{name=\"agent:metrics-agent\"");
        } finally {
            gateway.stop().await(10, TimeUnit.SECONDS);
            vertx.close();
        }
    }
}
