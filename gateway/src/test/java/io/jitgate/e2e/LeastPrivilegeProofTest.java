package io.jitgate.e2e;

import static io.jitgate.e2e.McpAgent.callId;
import static io.jitgate.e2e.McpAgent.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.Gateway;
import io.jitgate.aws.AwsClients;
import io.jitgate.aws.AwsFailures;
import io.jitgate.aws.AwsOperations;
import io.jitgate.credentials.IssuedCredentials;
import io.jitgate.tools.ToolDefinition;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Least privilege, proven by the AWS endpoint (moto with authentication and IAM policies on), not by
 * the gateway: the credentials of one tool's call, used directly against moto, cannot perform the
 * operation of any other example tool whose actions differ. Positive control: the same credentials did
 * perform their own tool's operation (the gateway call succeeded), and every refusal is an
 * authorization error, not a malformed request.
 *
 * <p>{@code whoami_iam_user}'s key is revoked when its call ends, so moto refuses it as unknown
 * (shown on its own in {@code CredentialLifetimeEndToEndTest}).
 *
 * <p>{@code whoami} is left out as a target: {@code sts:GetCallerIdentity} needs no permission on AWS
 * (every credential may call it), so it cannot be denied.
 */
class LeastPrivilegeProofTest {
    @TempDir
    Path dir;

    @Test
    void noToolsCredentialsCanDoAnotherToolsAction() throws Exception {
        TestStack stack = TestStack.get();
        Vertx vertx = Vertx.vertx();
        Map<String, IssuedCredentials> issued = new ConcurrentHashMap<>();
        Gateway gateway = Gateway.start(vertx, stack.gatewayConfig(dir.resolve("a.jsonl")), SuiteOutputs.hooks(issued::put))
                .await(30, TimeUnit.SECONDS);
        AwsClients direct = new AwsClients(stack.config.aws());
        try (McpAgent agent = new McpAgent(gateway.port(), stack.token(vertx, "proof-agent", List.of("dev-agents"), 10))) {
            Map<ToolDefinition, IssuedCredentials> byTool = new LinkedHashMap<>();
            for (ToolDefinition tool : gateway.catalog().all()) {
                McpSchema.CallToolResult own = agent.callWithIntent(tool.name(), example(tool).getMap(),
                        "least privilege proof", "TASK-LP", "prove each role's reach");
                assertThat(own.isError()).as(tool.name() + " with its own credentials: " + text(own)).isFalse();
                byTool.put(tool, issued.get(callId(own)));
            }
            List<String> refused = new ArrayList<>();
            for (Map.Entry<ToolDefinition, IssuedCredentials> holder : byTool.entrySet()) {
                for (ToolDefinition target : byTool.keySet()) {
                    if (target == holder.getKey() || "sts".equals(target.aws().service())
                            || new HashSet<>(holder.getKey().aws().actions()).containsAll(target.aws().actions())) {
                        continue;
                    }
                    Throwable failure = attempt(direct, target, holder.getValue());
                    String pair = holder.getKey().name() + "'s credentials -> " + target.name();
                    assertThat(failure).as(pair + " must be refused by moto").isInstanceOf(AwsServiceException.class);
                    AwsServiceException aws = (AwsServiceException) failure;
                    // moto answers DynamoDB refusals with a bare 403 whose body the SDK does not map to a code.
                    String body = aws.awsErrorDetails().rawResponse() == null ? "" : aws.awsErrorDetails().rawResponse().asUtf8String();
                    String code = String.valueOf(aws.awsErrorDetails().errorCode());
                    if (holder.getValue().type().revocable()) {
                        // Its key was revoked when its call ended: moto does not know it any more.
                        assertThat(aws.statusCode() / 100 == 4 && (code.startsWith("InvalidClientTokenId") || code.startsWith("InvalidAccessKeyId")
                                || code.startsWith("UnrecognizedClient") || body.contains("UnrecognizedClient") || body.contains("security token")))
                                .as(pair + " (revoked key): HTTP " + aws.statusCode() + ", code " + code + ", body " + body).isTrue();
                        refused.add(pair);
                        continue;
                    }
                    assertThat(aws.statusCode() == 403 && (code.startsWith("AccessDenied") || body.contains("AccessDenied")
                            || body.contains("not authorized")))
                            .as(pair + ": HTTP " + aws.statusCode() + ", code " + code + ", body " + body).isTrue();
                    refused.add(pair);
                }
            }
            // 7 tools with actions of their own (the two whoami tools excluded as targets), each refused the
            // other 6; the two whoami tools' credentials refused all 7 (whoami_iam_user's key is revoked by then).
            assertThat(refused).hasSize(9 * 7 - 7);
        } finally {
            direct.close();
            gateway.stop().await(10, TimeUnit.SECONDS);
            vertx.close();
        }
    }

    private static JsonObject example(ToolDefinition tool) {
        return tool.inputSchema().getJsonArray("examples").getJsonObject(0);
    }

    /** Performs {@code target}'s operation with {@code credentials}, straight against moto; returns the failure or null. */
    private static Throwable attempt(AwsClients clients, ToolDefinition target, IssuedCredentials credentials) {
        AwsRequestOverrideConfiguration perCall = AwsRequestOverrideConfiguration.builder()
                .credentialsProvider(credentials.provider()).apiCallTimeout(Duration.ofSeconds(10)).build();
        try {
            AwsOperations.builtIn().find(target.aws().service(), target.aws().operation()).orElseThrow()
                    .invoke(clients, target.aws().request().render(example(target)), perCall).get(20, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return AwsFailures.unwrap(e.getCause());
        } catch (Exception e) {
            return e;
        }
    }
}
