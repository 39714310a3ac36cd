package io.jitgate.aws;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/**
 * One AWS API operation that tools can be bound to. This is the seam for custom tools: implement it
 * for an operation the catalogue lacks and register it in {@link AwsOperations}.
 *
 * <p>Implementations must apply {@code perCall} to every request they send: it carries the call's
 * own credentials, and the shared clients refuse to sign with anything else.
 */
public interface AwsOperation {
    /** The service's short name as tools name it: {@code s3}, {@code dynamodb}, {@code sqs}, {@code sts}. */
    String service();

    /** The API operation name, as in IAM actions: {@code GetObject}. */
    String operation();

    /** Parameters a tool's request template must set. */
    Set<String> requiredParameters();

    /** Parameters a tool's request template may set. */
    Set<String> optionalParameters();

    CompletableFuture<AwsCallResult> invoke(AwsClients clients, JsonObject parameters, AwsRequestOverrideConfiguration perCall);
}
