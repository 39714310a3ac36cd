package io.jitgate.aws.ops;

import io.jitgate.aws.AwsClients;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;

/** Looks up a queue's URL by name, with the call's own credentials. */
final class SqsQueues {
    private SqsQueues() {
    }

    static CompletableFuture<String> url(AwsClients clients, String queueName, AwsRequestOverrideConfiguration perCall) {
        GetQueueUrlRequest request = GetQueueUrlRequest.builder().queueName(queueName).overrideConfiguration(perCall).build();
        return clients.sqs().getQueueUrl(request).thenApply(r -> r.queueUrl());
    }
}
