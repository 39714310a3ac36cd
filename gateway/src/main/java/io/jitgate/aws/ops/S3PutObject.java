package io.jitgate.aws.ops;

import io.jitgate.aws.AwsCallResult;
import io.jitgate.aws.AwsClients;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** S3 PutObject with a text body. */
public final class S3PutObject extends OperationSpec {
    public S3PutObject() {
        super("s3", "PutObject", Set.of("Bucket", "Key", "Body"), Set.of("ContentType"));
    }

    @Override
    public CompletableFuture<AwsCallResult> invoke(AwsClients clients, JsonObject p, AwsRequestOverrideConfiguration perCall) {
        String body = p.getString("Body");
        PutObjectRequest request = PutObjectRequest.builder()
                .bucket(p.getString("Bucket"))
                .key(p.getString("Key"))
                .contentType(p.getString("ContentType", "text/plain; charset=utf-8"))
                .overrideConfiguration(perCall)
                .build();
        return clients.s3().putObject(request, AsyncRequestBody.fromString(body)).thenApply(response -> {
            JsonObject structured = new JsonObject()
                    .put("bucket", request.bucket())
                    .put("key", request.key())
                    .put("etag", response.eTag())
                    .put("size", body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            return new AwsCallResult(service(), operation(), response.responseMetadata().requestId(), structured, null);
        });
    }
}
