package io.jitgate.provision;

import java.util.Map;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The data the example tools work on: a bucket with objects, two DynamoDB tables, a queue. */
public final class SampleData {
    public static final String BUCKET = "jitgate-demo";
    public static final String CUSTOMERS_TABLE = "jitgate-customers";
    public static final String ORDERS_TABLE = "jitgate-orders";
    public static final String QUEUE = "jitgate-events";
    public static final Map<String, String> OBJECTS = Map.of(
            "readme.txt", "This bucket holds the jitgate demo data.\n",
            "reports/2026-q3.txt", "Q3 2026: revenue 1.2M, churn 2.1%\n",
            "reports/2026-q4.txt", "Q4 2026: revenue 1.4M, churn 1.8%\n");

    private final ProvisioningClients aws;

    SampleData(ProvisioningClients aws) {
        this.aws = aws;
    }

    void seed() {
        aws.s3().createBucket(b -> b.bucket(BUCKET)).join();
        OBJECTS.forEach((key, text) -> aws.s3().putObject(b -> b.bucket(BUCKET).key(key).contentType("text/plain"),
                AsyncRequestBody.fromString(text)).join());

        aws.dynamoDb().createTable(b -> b.tableName(CUSTOMERS_TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("customerId").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("customerId").keyType(KeyType.HASH).build())).join();
        putCustomer("cust-001", "Ada Lovelace", "gold");
        putCustomer("cust-002", "Alan Turing", "silver");

        aws.dynamoDb().createTable(b -> b.tableName(ORDERS_TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("customerId").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("orderId").attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName("customerId").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("orderId").keyType(KeyType.RANGE).build())).join();
        putOrder("cust-001", "ord-1001", 120);
        putOrder("cust-001", "ord-1002", 75);
        putOrder("cust-002", "ord-2001", 310);

        aws.sqs().createQueue(b -> b.queueName(QUEUE)).join();
    }

    private void putCustomer(String id, String name, String tier) {
        aws.dynamoDb().putItem(b -> b.tableName(CUSTOMERS_TABLE).item(Map.of(
                "customerId", AttributeValue.fromS(id),
                "name", AttributeValue.fromS(name),
                "tier", AttributeValue.fromS(tier)))).join();
    }

    private void putOrder(String customerId, String orderId, int total) {
        aws.dynamoDb().putItem(b -> b.tableName(ORDERS_TABLE).item(Map.of(
                "customerId", AttributeValue.fromS(customerId),
                "orderId", AttributeValue.fromS(orderId),
                "total", AttributeValue.fromN(Integer.toString(total))))).join();
    }
}
