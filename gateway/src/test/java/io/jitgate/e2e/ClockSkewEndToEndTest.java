package io.jitgate.e2e;

import static io.jitgate.e2e.McpAgent.callId;
import static io.jitgate.e2e.McpAgent.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.Gateway;
import io.jitgate.aws.AwsEndpoints;
import io.jitgate.config.GatewayConfig;
import io.jitgate.resilience.ResilienceSettings;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clock skew between the gateway and the AWS endpoint: the endpoint's clock runs 20 minutes ahead
 * of the gateway's (more than AWS's 15-minute window). moto does not check request times, so
 * {@link SkewCheckingFront} applies S3's rule in front of it; everything else is the real stack.
 *
 * <p>What the AWS SDK does: a request refused as {@code RequestTimeTooSkewed} makes the SDK correct
 * its client's clock offset from the answer's {@code Date}. So a call that is not retried fails at
 * once with {@code aws_clock_skew} and a message naming the AWS error, nothing reached moto, and its
 * record is written; the next call is signed with the corrected time and served (recovery without a
 * restart). A call of an idempotent tool is retried once, with the corrected time, and served.
 *
 * <p>The SDK keeps the correction per client and in a JVM-wide offset ({@code SdkGlobalTime}) that
 * clients made later start from; each test therefore starts and ends with that offset at zero.
 */
class ClockSkewEndToEndTest {
    static final Duration ENDPOINT_AHEAD = Duration.ofMinutes(20);

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private SkewCheckingFront front;
    private Gateway gateway;
    private McpAgent agent;
    private Path auditFile;

    private void start(int maxAttempts) throws Exception {
        software.amazon.awssdk.core.SdkGlobalTime.setGlobalTimeOffset(0);
        TestStack stack = TestStack.get();
        front = new SkewCheckingFront(stack.moto.getPort(), Clock.offset(Clock.systemUTC(), ENDPOINT_AHEAD));
        auditFile = dir.resolve("attribution.jsonl");
        GatewayConfig base = stack.gatewayConfig(auditFile);
        AwsEndpoints a = base.aws();
        ResilienceSettings r = base.resilience();
        GatewayConfig config = base.withAws(new AwsEndpoints(a.region(), Optional.of(URI.create(front.url())), a.s3PathStyle(),
                        a.checksumsWhenRequired(), a.accountId()))
                .withResilience(new ResilienceSettings(r.circuitBreaker(), new ResilienceSettings.Retry(maxAttempts, Duration.ofMillis(50), 2.0, 0.5),
                        r.perAgent(), r.perTool(), r.maxConcurrent(), r.tools()));
        gateway = Gateway.start(vertx, config, SuiteOutputs.hooks()).await(30, TimeUnit.SECONDS);
        agent = new McpAgent(gateway.port(), stack.token(vertx, "skew-agent", List.of("dev-agents"), 10));
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (gateway != null) {
            gateway.stop().await(10, TimeUnit.SECONDS);
        }
        if (front != null) {
            front.close();
        }
        vertx.close();
        software.amazon.awssdk.core.SdkGlobalTime.setGlobalTimeOffset(0);
    }

    @Test
    void aSkewedCallFailsAtOnceWithAClearReasonAndTheNextIsSignedWithTheCorrectedTime() throws Exception {
        start(1);
        McpSchema.CallToolResult skewed = agent.call("s3_list_objects", Map.of("bucket", "jitgate-demo"));
        assertThat(skewed.isError()).as(text(skewed)).isTrue();
        assertThat(text(skewed)).contains("RequestTimeTooSkewed");
        JsonObject record = record(callId(skewed));
        assertThat(record.getString("reason")).isEqualTo("aws_clock_skew");
        assertThat(record.getJsonObject("resilience").encode()).contains("\"awsAttempts\":1");
        assertThat(front.refused()).isEqualTo(1);
        assertThat(front.forwarded()).as("nothing of the refused call reached moto").isZero();

        McpSchema.CallToolResult next = agent.call("s3_list_objects", Map.of("bucket", "jitgate-demo"));
        assertThat(next.isError()).as(text(next)).isFalse();
        assertThat(record(callId(next)).getString("reason")).isEqualTo("ok");
        assertThat(front.refused()).as("the SDK corrected its clock from the refusal").isEqualTo(1);
        assertThat(front.forwarded()).isEqualTo(1);
    }

    @Test
    void anIdempotentToolIsRetriedWithTheCorrectedTimeAndServed() throws Exception {
        start(3);
        McpSchema.CallToolResult result = agent.call("s3_list_objects", Map.of("bucket", "jitgate-demo"));
        assertThat(result.isError()).as(text(result)).isFalse();
        JsonObject record = record(callId(result));
        assertThat(record.getString("reason")).isEqualTo("ok");
        assertThat(record.getJsonObject("resilience").encode()).contains("\"awsAttempts\":2");
        assertThat(front.refused()).isEqualTo(1);
        assertThat(front.forwarded()).isEqualTo(1);
    }

    private JsonObject record(String callId) throws Exception {
        for (String line : Files.readAllLines(auditFile)) {
            JsonObject r = new JsonObject(line);
            if (callId.equals(r.getString("callId"))) {
                return r;
            }
        }
        throw new AssertionError("no record for call " + callId);
    }
}
