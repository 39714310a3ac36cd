package io.jitgate.aws.ops;

import io.jitgate.aws.AwsCallResult;
import io.jitgate.aws.AwsClients;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/** DynamoDB GetItem; {@code Key} is plain JSON ({@code {"pk": "cust-1"}}). */
public final class DynamoDbGetItem extends OperationSpec {
    public DynamoDbGetItem() {
        super("dynamodb", "GetItem", Set.of("TableName", "Key"), Set.of("ConsistentRead"));
    }

    @Override
    public CompletableFuture<AwsCallResult> invoke(AwsClients clients, JsonObject p, AwsRequestOverrideConfiguration perCall) {
        GetItemRequest request = GetItemRequest.builder()
                .tableName(p.getString("TableName"))
                .key(DynamoDbJson.toItem(p.getJsonObject("Key")))
                .consistentRead(p.getBoolean("ConsistentRead"))
                .overrideConfiguration(perCall)
                .build();
        return clients.dynamoDb().getItem(request).thenApply(response -> {
            JsonObject structured = new JsonObject()
                    .put("table", request.tableName())
                    .put("found", response.hasItem() && !response.item().isEmpty())
                    .put("item", response.hasItem() ? DynamoDbJson.fromItem(response.item()) : null);
            return new AwsCallResult(service(), operation(), response.responseMetadata().requestId(), structured, null);
        });
    }
}
