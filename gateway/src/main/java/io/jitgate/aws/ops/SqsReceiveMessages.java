package io.jitgate.aws.ops;

import io.jitgate.aws.AwsCallResult;
import io.jitgate.aws.AwsClients;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/** SQS ReceiveMessage from a queue named by {@code QueueName}. Messages are not deleted. */
public final class SqsReceiveMessages extends OperationSpec {
    public SqsReceiveMessages() {
        super("sqs", "ReceiveMessage", Set.of("QueueName"), Set.of("MaxNumberOfMessages", "WaitTimeSeconds", "VisibilityTimeout"));
    }

    @Override
    public CompletableFuture<AwsCallResult> invoke(AwsClients clients, JsonObject p, AwsRequestOverrideConfiguration perCall) {
        return SqsQueues.url(clients, p.getString("QueueName"), perCall).thenCompose(url -> {
            ReceiveMessageRequest request = ReceiveMessageRequest.builder()
                    .queueUrl(url)
                    .maxNumberOfMessages(p.getInteger("MaxNumberOfMessages", 1))
                    .waitTimeSeconds(p.getInteger("WaitTimeSeconds", 0))
                    .visibilityTimeout(p.getInteger("VisibilityTimeout"))
                    .overrideConfiguration(perCall)
                    .build();
            return clients.sqs().receiveMessage(request).thenApply(response -> {
                JsonArray messages = new JsonArray();
                response.messages().forEach(m -> messages.add(new JsonObject()
                        .put("messageId", m.messageId())
                        .put("body", m.body())));
                JsonObject structured = new JsonObject()
                        .put("queue", p.getString("QueueName"))
                        .put("messages", messages);
                return new AwsCallResult(service(), operation(), response.responseMetadata().requestId(), structured, null);
            });
        });
    }
}
