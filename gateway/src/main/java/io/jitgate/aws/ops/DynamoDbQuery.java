package io.jitgate.aws.ops;

import io.jitgate.aws.AwsCallResult;
import io.jitgate.aws.AwsClients;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** DynamoDB Query with a key condition; expression values are plain JSON. */
public final class DynamoDbQuery extends OperationSpec {
    public DynamoDbQuery() {
        super("dynamodb", "Query", Set.of("TableName", "KeyConditionExpression", "ExpressionAttributeValues"),
                Set.of("ExpressionAttributeNames", "Limit", "IndexName", "ScanIndexForward"));
    }

    @Override
    public CompletableFuture<AwsCallResult> invoke(AwsClients clients, JsonObject p, AwsRequestOverrideConfiguration perCall) {
        QueryRequest.Builder builder = QueryRequest.builder()
                .tableName(p.getString("TableName"))
                .keyConditionExpression(p.getString("KeyConditionExpression"))
                .expressionAttributeValues(DynamoDbJson.toItem(p.getJsonObject("ExpressionAttributeValues")))
                .limit(p.getInteger("Limit"))
                .indexName(p.getString("IndexName"))
                .scanIndexForward(p.getBoolean("ScanIndexForward"))
                .overrideConfiguration(perCall);
        JsonObject names = p.getJsonObject("ExpressionAttributeNames");
        if (names != null) {
            java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
            names.forEach(e -> map.put(e.getKey(), String.valueOf(e.getValue())));
            builder.expressionAttributeNames(map);
        }
        QueryRequest request = builder.build();
        return clients.dynamoDb().query(request).thenApply(response -> {
            JsonArray items = new JsonArray();
            response.items().forEach(item -> items.add(DynamoDbJson.fromItem(item)));
            JsonObject structured = new JsonObject()
                    .put("table", request.tableName())
                    .put("count", response.count())
                    .put("items", items);
            return new AwsCallResult(service(), operation(), response.responseMetadata().requestId(), structured, null);
        });
    }
}
