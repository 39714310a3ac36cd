package io.jitgate.aws.ops;

import io.jitgate.aws.AwsCallResult;
import io.jitgate.aws.AwsClients;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;

/** STS GetCallerIdentity: whose credentials this call really ran with. */
public final class StsGetCallerIdentity extends OperationSpec {
    public StsGetCallerIdentity() {
        super("sts", "GetCallerIdentity", Set.of(), Set.of());
    }

    @Override
    public CompletableFuture<AwsCallResult> invoke(AwsClients clients, JsonObject p, AwsRequestOverrideConfiguration perCall) {
        GetCallerIdentityRequest request = GetCallerIdentityRequest.builder().overrideConfiguration(perCall).build();
        return clients.sts().getCallerIdentity(request).thenApply(response -> {
            JsonObject structured = new JsonObject()
                    .put("account", response.account())
                    .put("arn", response.arn())
                    .put("userId", response.userId());
            return new AwsCallResult(service(), operation(), response.responseMetadata().requestId(), structured, null);
        });
    }
}
