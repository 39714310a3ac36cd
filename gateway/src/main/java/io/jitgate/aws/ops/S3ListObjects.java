package io.jitgate.aws.ops;

import io.jitgate.aws.AwsCallResult;
import io.jitgate.aws.AwsClients;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/** S3 ListObjectsV2: the keys (and sizes) in a bucket, optionally under a prefix. */
public final class S3ListObjects extends OperationSpec {
    public S3ListObjects() {
        super("s3", "ListObjectsV2", Set.of("Bucket"), Set.of("Prefix", "MaxKeys"));
    }

    @Override
    public CompletableFuture<AwsCallResult> invoke(AwsClients clients, JsonObject p, AwsRequestOverrideConfiguration perCall) {
        ListObjectsV2Request request = ListObjectsV2Request.builder()
                .bucket(p.getString("Bucket"))
                .prefix(p.getString("Prefix"))
                .maxKeys(p.getInteger("MaxKeys"))
                .overrideConfiguration(perCall)
                .build();
        return clients.s3().listObjectsV2(request).thenApply(response -> {
            JsonArray objects = new JsonArray();
            response.contents().forEach(o -> objects.add(new JsonObject()
                    .put("key", o.key())
                    .put("size", o.size())
                    .put("lastModified", String.valueOf(o.lastModified()))));
            JsonObject structured = new JsonObject()
                    .put("bucket", request.bucket())
                    .put("objects", objects)
                    .put("truncated", Boolean.TRUE.equals(response.isTruncated()));
            return new AwsCallResult(service(), operation(), response.responseMetadata().requestId(), structured, null);
        });
    }
}
