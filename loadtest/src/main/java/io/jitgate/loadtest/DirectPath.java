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
import software.amazon.awssdk.services.sts.StsAsyncClient;

/**
 * The work a gateway call cannot avoid, done directly: the same OpenBao {@code aws/sts/<role>}
 * request (as the gateway's AppRole identity), then the same S3 GetObject with those credentials.
 * This is the baseline the gateway's full path is compared with. With {@code narrow} it also makes
 * the second AssumeRole with the call's session policy that a tool with {@code aws.credentials.narrowTo}
 * (such as {@code s3_read_object}) makes in the gateway, and reads with the narrowed credentials.
 */
final class DirectPath implements AutoCloseable {
    private final WebClient client;
    private final String vault;
    private final String role;
    private final S3AsyncClient s3;
    private final String bucket;
    private final String key;
    private final StsAsyncClient sts;
    private final String roleArn;
    private final String sessionPolicy;
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
        var stsBuilder = StsAsyncClient.builder().region(Region.of(aws.getString("region", "us-east-1")))
                .credentialsProvider(() -> {
                    throw new IllegalStateException("no per-call credentials");
                });
        if (aws.getString("endpoint") != null) {
            stsBuilder.endpointOverride(URI.create(aws.getString("endpoint")));
        }
        this.sts = stsBuilder.build();
        this.roleArn = "arn:aws:iam::" + aws.getString("accountId", "123456789012") + ":role/jitgate-tool-" + role;
        // what SessionPolicies renders for s3_read_object with this bucket and key
        this.sessionPolicy = new JsonObject().put("Version", "2012-10-17").put("Statement", new io.vertx.core.json.JsonArray()
                .add(new JsonObject().put("Sid", "ThisCallOnly").put("Effect", "Allow")
                        .put("Action", new io.vertx.core.json.JsonArray().add("s3:GetObject"))
                        .put("Resource", new io.vertx.core.json.JsonArray().add("arn:aws:s3:::" + bucket + "/" + key)))).encode();
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
        return once(sessionName, false);
    }

    /** The same, with the second AssumeRole (the call's session policy) between the two when {@code narrow}. */
    Future<Integer> once(String sessionName, boolean narrow) {
        return client.postAbs(vault + "/v1/aws/sts/" + role).putHeader("X-Vault-Token", vaultToken)
                .sendJsonObject(new JsonObject().put("ttl", "900s").put("role_session_name", sessionName))
                .compose(r -> {
                    if (r.statusCode() != 200) {
                        return Future.failedFuture("OpenBao answered " + r.statusCode());
                    }
                    JsonObject data = r.bodyAsJsonObject().getJsonObject("data");
                    AwsSessionCredentials issued = AwsSessionCredentials.create(data.getString("access_key"),
                            data.getString("secret_key"), data.getString("security_token", data.getString("session_token")));
                    return narrow ? narrowed(issued, sessionName) : Future.succeededFuture(issued);
                })
                .compose(credentials -> {
                    return Future.fromCompletionStage(s3.getObject(b -> b.bucket(bucket).key(key).overrideConfiguration(
                            AwsRequestOverrideConfiguration.builder().credentialsProvider(StaticCredentialsProvider.create(credentials)).build()),
                            AsyncResponseTransformer.toBytes()));
                })
                .map(bytes -> bytes.asByteArray().length);
    }

    private Future<AwsSessionCredentials> narrowed(AwsSessionCredentials issued, String sessionName) {
        return Future.fromCompletionStage(sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName(sessionName)
                        .policy(sessionPolicy).durationSeconds(900)
                        .overrideConfiguration(o -> o.credentialsProvider(StaticCredentialsProvider.create(issued)))))
                .map(r -> AwsSessionCredentials.create(r.credentials().accessKeyId(), r.credentials().secretAccessKey(),
                        r.credentials().sessionToken()));
    }

    @Override
    public void close() {
        sts.close();
        s3.close();
    }
}
