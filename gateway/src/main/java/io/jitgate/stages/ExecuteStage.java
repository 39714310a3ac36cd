package io.jitgate.stages;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.jitgate.aws.AwsCallResult;
import io.jitgate.aws.AwsClients;
import io.jitgate.aws.AwsFailures;
import io.jitgate.aws.AwsOperation;
import io.jitgate.aws.AwsOperations;
import io.jitgate.metrics.GatewayMetrics;
import io.jitgate.pipeline.CallContext;
import io.jitgate.pipeline.GatewayError;
import io.jitgate.pipeline.Phase;
import io.jitgate.pipeline.Reason;
import io.jitgate.pipeline.Stage;
import io.jitgate.resilience.AsyncGuards;
import io.jitgate.resilience.Guards;
import io.jitgate.tools.SchemaErrors;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/**
 * Makes the AWS call with the call's own credentials, through the shared async clients. This is the
 * one place where the AWS SDK's futures cross into Vert.x, back on the caller's context.
 *
 * <p>Guards, outermost first: the tool's bulkhead ({@code bulkhead_full}), then, for idempotent tools
 * only, a retry with exponential backoff and jitter on throttling, 5xx and clock skew, then per attempt the AWS
 * service's circuit breaker ({@code circuit_open}) and the tool's timeout ({@code aws_timeout}).
 */
public final class ExecuteStage implements Stage {
    private final Vertx vertx;
    private final AwsClients clients;
    private final AwsOperations operations;
    private final Guards guards;
    private final Duration defaultTimeout;
    private final GatewayMetrics metrics;

    public ExecuteStage(Vertx vertx, AwsClients clients, AwsOperations operations, Guards guards, Duration defaultTimeout,
            GatewayMetrics metrics) {
        this.vertx = vertx;
        this.clients = clients;
        this.operations = operations;
        this.guards = guards;
        this.defaultTimeout = defaultTimeout;
        this.metrics = metrics;
    }

    @Override
    public Phase phase() {
        return Phase.EXECUTE;
    }

    @Override
    public Future<CallContext> apply(CallContext call) {
        if (call.tool().isLocal()) {
            // echo, the one local kind: the arguments back, as structured content and as text
            JsonObject echoed = new JsonObject().put("arguments", call.arguments().copy());
            return Future.succeededFuture(call.withAwsResult(new AwsCallResult(ToolDefinition.LOCAL_SERVICE, ToolDefinition.LOCAL_ECHO,
                    null, echoed, call.arguments().encode())));
        }
        if (call.credentials() == null) {
            return Future.failedFuture(GatewayError.of(Reason.CREDENTIALS_UNAVAILABLE, "credentials unavailable"));
        }
        ToolDefinition tool = call.tool();
        String service = tool.aws().service();
        CircuitBreaker breaker = guards.aws(service);
        Bulkhead bulkhead = guards.bulkhead(tool.name());
        AtomicInteger attempts = new AtomicInteger();
        AwsOperation operation = operations.find(service, tool.aws().operation()).orElseThrow();
        JsonObject parameters = tool.aws().request().render(call.arguments());
        Duration timeout = guards.settings().forTool(tool.name()).timeout() == null
                ? defaultTimeout : guards.settings().forTool(tool.name()).timeout();
        AwsRequestOverrideConfiguration perCall = AwsRequestOverrideConfiguration.builder()
                .credentialsProvider(call.credentials().provider())
                .apiCallTimeout(timeout)
                .build();
        // Acquired last, after everything that could throw, so a permit is always given back.
        if (!bulkhead.tryAcquirePermission()) {
            CallContext traced = trace(call, breaker, "full", 0);
            return Future.failedFuture(GatewayError.of(Reason.BULKHEAD_FULL, "Too many calls of tool " + tool.name()
                    + " are in flight (" + bulkhead.getBulkheadConfig().getMaxConcurrentCalls() + "); try again later").at(traced));
        }
        Supplier<Future<AwsCallResult>> once = () -> AsyncGuards.circuit(breaker, () -> attempt(tool, operation, parameters, perCall));
        Future<AwsCallResult> result = tool.idempotent()
                ? AsyncGuards.retry(vertx, guards.retry(tool.name(), AwsFailures::isRetryable), once, attempts::set)
                : once.get().andThen(ar -> attempts.set(1));
        return result
                .andThen(ar -> bulkhead.onComplete())
                .recover(cause -> {
                    CallContext traced = trace(call, breaker, "passed", Math.max(1, attempts.get()));
                    Throwable root = AwsFailures.unwrap(cause);
                    String requestId = root instanceof AwsServiceException aws ? aws.requestId() : null;
                    AwsCallResult failed = new AwsCallResult(service, tool.aws().operation(), requestId, null, null);
                    return Future.failedFuture(awsError(tool, root).at(traced.withAwsResult(failed)));
                })
                .compose(ok -> checkOutput(tool, ok))
                .map(ok -> trace(call, breaker, "passed", Math.max(1, attempts.get())).withAwsResult(ok));
    }

    private Future<AwsCallResult> attempt(ToolDefinition tool, AwsOperation operation, JsonObject parameters,
            AwsRequestOverrideConfiguration perCall) {
        long start = System.nanoTime();
        return Future.fromCompletionStage(operation.invoke(clients, parameters, perCall), vertx.getOrCreateContext())
                .andThen(ar -> metrics.awsCall(tool.aws().service(), tool.aws().operation(),
                        ar.succeeded() ? "ok" : AwsFailures.word(ar.cause()), System.nanoTime() - start));
    }

    private static CallContext trace(CallContext call, CircuitBreaker breaker, String bulkhead, int attempts) {
        return call.withResilience(call.resilience().withAws(breaker.getName() + ":" + Guards.stateWord(breaker), bulkhead, attempts));
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
        if (cause instanceof CallNotPermittedException) {
            return GatewayError.of(Reason.CIRCUIT_OPEN, "AWS " + tool.aws().service()
                    + " is failing, so calls are refused for now (circuit open); try again later");
        }
        if (cause instanceof AwsServiceException aws) {
            String code = aws.awsErrorDetails() == null || aws.awsErrorDetails().errorCode() == null
                    ? "HTTP " + aws.statusCode() : aws.awsErrorDetails().errorCode();
            String message = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorMessage();
            Reason reason = AwsFailures.isThrottling(aws) ? Reason.AWS_THROTTLED
                    : AwsFailures.isClockSkew(aws) ? Reason.AWS_CLOCK_SKEW : Reason.AWS_ERROR;
            return GatewayError.withAuditDetail(reason, "AWS refused " + call + ": " + code
                    + (message == null ? "" : " (" + message + ")"),
                    "AWS " + call + " failed: " + code + ", HTTP " + aws.statusCode() + ", request id " + aws.requestId());
        }
        if (cause instanceof ApiCallTimeoutException) {
            return GatewayError.of(Reason.AWS_TIMEOUT, "AWS " + call + " did not answer in time");
        }
        return GatewayError.caused(Reason.AWS_ERROR, "AWS " + call + " could not be reached", cause);
    }
}
