package io.jitgate.aws.ops;

import io.jitgate.aws.AwsCallResult;
import io.jitgate.aws.AwsClients;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** SQS SendMessage to a queue named by {@code QueueName} (its URL is looked up with the same credentials). */
public final class SqsSendMessage extends OperationSpec {
    public SqsSendMessage() {
        super("sqs", "SendMessage", Set.of("QueueName", "MessageBody"), Set.of("DelaySeconds"));
    }

    @Override
    public CompletableFuture<AwsCallResult> invoke(AwsClients clients, JsonObject p, AwsRequestOverrideConfiguration perCall) {
        return SqsQueues.url(clients, p.getString("QueueName"), perCall).thenCompose(url -> {
            SendMessageRequest request = SendMessageRequest.builder()
                    .queueUrl(url)
                    .messageBody(p.getString("MessageBody"))
                    .delaySeconds(p.getInteger("DelaySeconds"))
                    .overrideConfiguration(perCall)
                    .build();
            return clients.sqs().sendMessage(request).thenApply(response -> {
                JsonObject structured = new JsonObject()
                        .put("queue", p.getString("QueueName"))
                        .put("messageId", response.messageId())
                        .put("md5OfBody", response.md5OfMessageBody());
                return new AwsCallResult(service(), operation(), response.responseMetadata().requestId(), structured, null);
            });
        });
    }
}
