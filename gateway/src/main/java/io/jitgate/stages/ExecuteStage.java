package io.jitgate.stages;

import io.jitgate.aws.AwsCallResult;
import io.jitgate.aws.AwsClients;
import io.jitgate.aws.AwsOperation;
import io.jitgate.aws.AwsOperations;
import io.jitgate.pipeline.CallContext;
import io.jitgate.pipeline.GatewayError;
import io.jitgate.pipeline.Phase;
import io.jitgate.pipeline.Reason;
import io.jitgate.pipeline.Stage;
import io.jitgate.tools.SchemaErrors;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/**
 * Makes the AWS call with the call's own credentials, through the shared async clients. This is the
 * one place where the AWS SDK's futures cross into Vert.x, back on the caller's context.
 */
public final class ExecuteStage implements Stage {
    private final Vertx vertx;
    private final AwsClients clients;
    private final AwsOperations operations;
    private final Duration timeout;

    public ExecuteStage(Vertx vertx, AwsClients clients, AwsOperations operations, Duration timeout) {
        this.vertx = vertx;
        this.clients = clients;
        this.operations = operations;
        this.timeout = timeout;
    }

    @Override
    public Phase phase() {
        return Phase.EXECUTE;
    }

    @Override
    public Future<CallContext> apply(CallContext call) {
        if (call.credentials() == null) {
            return Future.failedFuture(GatewayError.of(Reason.CREDENTIALS_UNAVAILABLE, "credentials unavailable"));
        }
        ToolDefinition tool = call.tool();
        AwsOperation operation = operations.find(tool.aws().service(), tool.aws().operation()).orElseThrow();
        JsonObject parameters = tool.aws().request().render(call.arguments());
        AwsRequestOverrideConfiguration perCall = AwsRequestOverrideConfiguration.builder()
                .credentialsProvider(call.credentials().provider())
                .apiCallTimeout(timeout)
                .build();
        return Future.fromCompletionStage(operation.invoke(clients, parameters, perCall), vertx.getOrCreateContext())
                .recover(cause -> {
                    Throwable root = unwrap(cause);
                    String requestId = root instanceof AwsServiceException aws ? aws.requestId() : null;
                    AwsCallResult failed = new AwsCallResult(tool.aws().service(), tool.aws().operation(), requestId, null, null);
                    return Future.failedFuture(awsError(tool, root).at(call.withAwsResult(failed)));
                })
                .compose(result -> checkOutput(tool, result))
                .map(call::withAwsResult);
    }

    private static Future<AwsCallResult> checkOutput(ToolDefinition tool, AwsCallResult result) {
        if (tool.outputValidator() == null) {
            return Future.succeededFuture(result);
        }
        OutputUnit check = tool.outputValidator().validate(result.structured());
        if (Boolean.TRUE.equals(check.getValid())) {
            return Future.succeededFuture(result);
        }
        return Future.failedFuture(GatewayError.of(Reason.INTERNAL_ERROR, "The AWS response of tool " + tool.name()
                + " does not match its outputSchema: " + SchemaErrors.describe(check)));
    }

    private static GatewayError awsError(ToolDefinition tool, Throwable cause) {
        String call = tool.aws().service() + ":" + tool.aws().operation();
        if (cause instanceof AwsServiceException aws) {
            String code = aws.awsErrorDetails() == null || aws.awsErrorDetails().errorCode() == null
                    ? "HTTP " + aws.statusCode() : aws.awsErrorDetails().errorCode();
            String message = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorMessage();
            return GatewayError.withAuditDetail(Reason.AWS_ERROR, "AWS refused " + call + ": " + code
                    + (message == null ? "" : " (" + message + ")"),
                    "AWS " + call + " failed: " + code + ", HTTP " + aws.statusCode() + ", request id " + aws.requestId());
        }
        if (cause instanceof ApiCallTimeoutException) {
            return GatewayError.of(Reason.AWS_TIMEOUT, "AWS " + call + " did not answer in time");
        }
        return GatewayError.caused(Reason.AWS_ERROR, "AWS " + call + " could not be reached", cause);
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
