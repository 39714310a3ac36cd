package io.jitgate.loadtest;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The work a gateway call cannot avoid, done directly: the same OpenBao {@code aws/sts/<role>}
 * request (as the gateway's AppRole identity), then the same S3 GetObject with those credentials.
 * This is the baseline the gateway's full path is compared with.
 */
final class DirectPath implements AutoCloseable {
    private final WebClient client;
    private final String vault;
    private final String role;
    private final S3AsyncClient s3;
    private final String bucket;
    private final String key;
    private String vaultToken;

    DirectPath(WebClient client, JsonObject gatewayConfig, String role, String bucket, String key) {
        this.client = client;
        this.vault = gatewayConfig.getJsonObject("vault").getString("address");
        this.role = role;
        this.bucket = bucket;
        this.key = key;
        JsonObject aws = gatewayConfig.getJsonObject("aws");
        var builder = S3AsyncClient.builder().region(Region.of(aws.getString("region", "us-east-1")))
                .forcePathStyle(aws.getBoolean("s3PathStyle", false))
                .credentialsProvider(() -> {
                    throw new IllegalStateException("no per-call credentials");
                });
        if (aws.getString("endpoint") != null) {
            builder.endpointOverride(URI.create(aws.getString("endpoint")));
        }
        if (aws.getBoolean("checksumsWhenRequired", false)) {
            builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        this.s3 = builder.build();
    }

    /** Logs in with the gateway's AppRole, as the gateway does once at start. */
    Future<DirectPath> login(JsonObject gatewayConfig) throws Exception {
        JsonObject v = gatewayConfig.getJsonObject("vault");
        String secretId = Files.readString(Path.of(v.getString("secretIdFile"))).trim();
        return client.postAbs(vault + "/v1/auth/" + v.getString("appRolePath", "approle") + "/login")
                .sendJsonObject(new JsonObject().put("role_id", v.getString("roleId")).put("secret_id", secretId))
                .map(r -> {
                    vaultToken = r.bodyAsJsonObject().getJsonObject("auth").getString("client_token");
                    return this;
                });
    }

    /** One unit of unavoidable work: fresh credentials, then the object. */
    Future<Integer> once(String sessionName) {
        return client.postAbs(vault + "/v1/aws/sts/" + role).putHeader("X-Vault-Token", vaultToken)
                .sendJsonObject(new JsonObject().put("ttl", "900s").put("role_session_name", sessionName))
                .compose(r -> {
                    if (r.statusCode() != 200) {
                        return Future.failedFuture("OpenBao answered " + r.statusCode());
                    }
                    JsonObject data = r.bodyAsJsonObject().getJsonObject("data");
                    AwsSessionCredentials credentials = AwsSessionCredentials.create(data.getString("access_key"),
                            data.getString("secret_key"), data.getString("security_token", data.getString("session_token")));
                    return Future.fromCompletionStage(s3.getObject(b -> b.bucket(bucket).key(key).overrideConfiguration(
                            AwsRequestOverrideConfiguration.builder().credentialsProvider(StaticCredentialsProvider.create(credentials)).build()),
                            AsyncResponseTransformer.toBytes()));
                })
                .map(bytes -> bytes.asByteArray().length);
    }

    @Override
    public void close() {
        s3.close();
    }
}
