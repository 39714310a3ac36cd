package io.jitgate.aws;

import io.jitgate.aws.ops.DynamoDbGetItem;
import io.jitgate.aws.ops.DynamoDbQuery;
import io.jitgate.aws.ops.S3GetObjectText;
import io.jitgate.aws.ops.S3ListObjects;
import io.jitgate.aws.ops.S3PutObject;
import io.jitgate.aws.ops.SqsReceiveMessages;
import io.jitgate.aws.ops.SqsSendMessage;
import io.jitgate.aws.ops.StsGetCallerIdentity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The AWS operations tools can be bound to, by {@code service:operation}. */
public final class AwsOperations {
    private final Map<String, AwsOperation> byKey = new LinkedHashMap<>();

    public AwsOperations(List<AwsOperation> operations) {
        for (AwsOperation op : operations) {
            if (byKey.putIfAbsent(key(op.service(), op.operation()), op) != null) {
                throw new IllegalArgumentException("operation registered twice: " + key(op.service(), op.operation()));
            }
        }
    }

    /** The operations that ship with the gateway. */
    public static AwsOperations builtIn() {
        return new AwsOperations(List.of(
                new S3ListObjects(), new S3GetObjectText(), new S3PutObject(),
                new DynamoDbGetItem(), new DynamoDbQuery(),
                new SqsSendMessage(), new SqsReceiveMessages(),
                new StsGetCallerIdentity()));
    }

    public Optional<AwsOperation> find(String service, String operation) {
        return Optional.ofNullable(byKey.get(key(service, operation)));
    }

    public java.util.Set<String> keys() {
        return byKey.keySet();
    }

    private static String key(String service, String operation) {
        return service + ":" + operation;
    }
}
