package io.jitgate.stages;

import io.jitgate.aws.AwsCallResult;
import io.jitgate.pipeline.CallContext;
import io.jitgate.pipeline.ClientChannel;
import io.jitgate.pipeline.ClientRequestFailed;
import io.jitgate.pipeline.GatewayError;
import io.jitgate.pipeline.Reason;
import io.jitgate.tools.ToolDefinition;
import io.jitgate.tools.local.LocalCall;
import io.jitgate.tools.local.LocalToolError;
import io.jitgate.tools.local.LocalToolResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The execute step of a local tool: runs its handler with the call's arguments and client channel,
 * within a time limit (the same default as an AWS call). A {@link LocalToolError} becomes
 * {@code tool_error} (an error result the model reads), and so does a request to the client that got
 * no answer ({@link ClientRequestFailed}: capability not declared, error answer, timeout), unless the
 * call was cancelled while it waited ({@code cancelled}); a handler that throws, fails otherwise or
 * does not finish in time is an {@code internal_error}.
 */
final class LocalToolRunner {
    private static final Logger LOG = LoggerFactory.getLogger(LocalToolRunner.class);

    private final Vertx vertx;
    private final Duration timeout;

    LocalToolRunner(Vertx vertx, Duration timeout) {
        this.vertx = vertx;
        this.timeout = timeout;
    }

    Future<CallContext> run(CallContext call, ClientChannel client) {
        ToolDefinition tool = call.tool();
        Promise<LocalToolResult> result = Promise.promise();
        long timer = vertx.setTimer(timeout.toMillis(), id -> result.tryFail(GatewayError.of(Reason.INTERNAL_ERROR,
                "Local tool " + tool.name() + " did not finish within " + timeout)));
        try {
            tool.local().tool().call(new LocalCall(call.callId(), call.arguments(), client, vertx)).onComplete(ar -> {
                if (ar.succeeded() && ar.result() != null) {
                    result.tryComplete(ar.result());
                } else {
                    result.tryFail(ar.succeeded() ? new IllegalStateException("no result") : ar.cause());
                }
            });
        } catch (RuntimeException e) {
            result.tryFail(e);
        }
        return result.future()
                .andThen(ar -> vertx.cancelTimer(timer))
                .recover(cause -> Future.failedFuture(asError(tool, cause)))
                .map(ok -> call.withAwsResult(AwsCallResult.local(tool.local().handler(), ok.content())));
    }

    private static GatewayError asError(ToolDefinition tool, Throwable cause) {
        if (cause instanceof GatewayError g) {
            return g;
        }
        if (cause instanceof LocalToolError error) {
            return GatewayError.of(Reason.TOOL_ERROR, error.getMessage());
        }
        if (cause instanceof ClientRequestFailed failed) {
            return failed.kind() == ClientRequestFailed.Kind.CANCELLED
                    ? GatewayError.withAuditDetail(Reason.CANCELLED, "The call was cancelled",
                            "local tool " + tool.name() + " stopped waiting for its client: " + failed.getMessage())
                    : GatewayError.of(Reason.TOOL_ERROR, failed.getMessage());
        }
        LOG.error("local tool {} failed", tool.name(), cause);
        return GatewayError.caused(Reason.INTERNAL_ERROR, "Internal error in local tool " + tool.name(), cause);
    }
}
