package io.jitgate.aws.ops;

import io.jitgate.aws.AwsCallResult;
import io.jitgate.aws.AwsClients;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * S3 GetObject, returned as UTF-8 text. Only the first {@value #MAX_BYTES} bytes are fetched (a
 * range request), and the result says when the object was longer.
 */
public final class S3GetObjectText extends OperationSpec {
    static final int MAX_BYTES = 256 * 1024;

    public S3GetObjectText() {
        super("s3", "GetObject", Set.of("Bucket", "Key"), Set.of());
    }

    @Override
    public CompletableFuture<AwsCallResult> invoke(AwsClients clients, JsonObject p, AwsRequestOverrideConfiguration perCall) {
        GetObjectRequest request = GetObjectRequest.builder()
                .bucket(p.getString("Bucket"))
                .key(p.getString("Key"))
                .range("bytes=0-" + (MAX_BYTES - 1))
                .overrideConfiguration(perCall)
                .build();
        return clients.s3().getObject(request, AsyncResponseTransformer.toBytes()).thenApply(bytes -> {
            var response = bytes.response();
            String text = new String(bytes.asByteArray(), StandardCharsets.UTF_8);
            long total = totalSize(response.contentRange(), bytes.asByteArray().length);
            JsonObject structured = new JsonObject()
                    .put("bucket", request.bucket())
                    .put("key", request.key())
                    .put("contentType", response.contentType())
                    .put("size", total)
                    .put("truncated", total > bytes.asByteArray().length)
                    .put("text", text);
            return new AwsCallResult(service(), operation(), response.responseMetadata().requestId(), structured, text);
        });
    }

    /** The object's full size from a {@code Content-Range: bytes 0-99/1234} header, or what was read. */
    static long totalSize(String contentRange, long read) {
        if (contentRange != null) {
            int slash = contentRange.lastIndexOf('/');
            if (slash >= 0 && slash + 1 < contentRange.length() && !contentRange.endsWith("*")) {
                try {
                    return Long.parseLong(contentRange.substring(slash + 1).trim());
                } catch (NumberFormatException ignored) {
                    return read;
                }
            }
        }
        return read;
    }
}
