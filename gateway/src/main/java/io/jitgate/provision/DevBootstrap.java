package io.jitgate.provision;

import io.jitgate.aws.AwsOperations;
import io.jitgate.tools.SchemaCompiler;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolLoader;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.IamAsyncClient;
import software.amazon.awssdk.services.iam.model.CreateAccessKeyResponse;

/**
 * Sets up the development stack from the tool catalogue, against a fresh OpenBao (dev mode) and a
 * fresh moto whose authentication is still off:
 * <ol>
 *   <li>(all from the {@link ProvisioningPlan} of the catalogue) in moto: Vault's IAM user (may only assume the tool roles) and its access key, one role per
 *       tool (trusting only that user, allowed exactly the tool's actions), and the sample data;</li>
 *   <li>in OpenBao: the AWS secrets engine at {@code aws/} pointed at moto, one {@code assumed_role}
 *       role per tool (900 s), AppRole auth with the gateway's ACL, and the gateway's secret id;</li>
 *   <li>moto's authentication switched on: from then on only keys moto issued are served.</li>
 * </ol>
 */
public final class DevBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(DevBootstrap.class);
    public static final String VAULT_IAM_USER = "jitgate-openbao";
    public static final String GATEWAY_APPROLE = "jitgate-gateway";
    public static final String GATEWAY_ACL = "jitgate-gateway";
    /**
     * Actions moto authorises only against {@code Resource: "*"} (it matches ARNs for S3, SQS, IAM
     * and STS, and not for SQS GetQueueUrl, which names no queue URL). Against real AWS the tools'
     * declared resources apply to these too.
     */
    public static final List<String> MOTO_UNSCOPED_ACTIONS = List.of("dynamodb:*", "sqs:GetQueueUrl", "sts:GetCallerIdentity");

    /** What the bootstrap produced that the gateway's configuration needs. */
    public record Result(String roleId, String secretId, Map<String, String> roleArns, String accountId) {
    }

    private final Path toolsDir;
    private final URI motoEndpoint;
    private final String baoAddress;
    private final String baoRootToken;
    private final String pluginName;
    private final String region;

    public DevBootstrap(Path toolsDir, URI motoEndpoint, String baoAddress, String baoRootToken, String pluginName, String region) {
        this.toolsDir = toolsDir;
        this.motoEndpoint = motoEndpoint;
        this.baoAddress = baoAddress;
        this.baoRootToken = baoRootToken;
        this.pluginName = pluginName;
        this.region = region;
    }

    public Result run(Vertx vertx) throws Exception {
        return run(vertx, true, true);
    }

    /**
     * Provisions moto and OpenBao from the plan of the catalogue ({@link ProvisioningPlan}, checked by
     * {@link LeastPrivilegeCheck}, applied by {@link Provisioner}): the same plan {@code ./jitgate
     * vault-config render} writes and {@code apply} applies.
     *
     * @param sampleData    seed the example tools' bucket, tables and queue
     * @param enforceAuth   switch moto's authentication on at the end
     */
    public Result run(Vertx vertx, boolean sampleData, boolean enforceAuth) throws Exception {
        ToolCatalog catalog = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn()).load(toolsDir);
        try (ProvisioningClients aws = new ProvisioningClients(motoEndpoint, region)) {
            IamAsyncClient iam = aws.iam();
            String userArn;
            try {
                userArn = iam.createUser(b -> b.userName(VAULT_IAM_USER)).join().user().arn();
            } catch (java.util.concurrent.CompletionException e) {
                throw new IllegalStateException("moto at " + motoEndpoint + " refused the bootstrap (" + e.getCause().getMessage()
                        + "); the bootstrap needs a fresh moto that does not enforce authentication yet", e);
            }
            String accountId = userArn.split(":")[4];
            ProvisioningPlan plan = ProvisioningPlan.of(catalog, accountId, userArn, "aws", MOTO_UNSCOPED_ACTIONS);
            List<String> problems = LeastPrivilegeCheck.violations(catalog, plan, MOTO_UNSCOPED_ACTIONS);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("the provisioning plan is not least privilege:\n  " + String.join("\n  ", problems));
            }
            Provisioner.applyIam(iam, plan);
            iam.putUserPolicy(b -> b.userName(VAULT_IAM_USER).policyName("assume-tool-roles")
                    .policyDocument(plan.vaultIdentityPolicy().encode())).join();
            CreateAccessKeyResponse key = iam.createAccessKey(b -> b.userName(VAULT_IAM_USER)).join();
            if (sampleData) {
                new SampleData(aws).seed();
            }
            LOG.info("moto: IAM user {}, {} tool roles{}", VAULT_IAM_USER, plan.roles().size(), sampleData ? ", sample data" : "");

            VaultAdmin vault = new VaultAdmin(baoAddress, baoRootToken);
            vault.write("sys/mounts/aws", Map.of("type", pluginName, "description", "AWS credentials for jitgate tools"));
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("access_key", key.accessKey().accessKeyId());
            root.put("secret_key", key.accessKey().secretAccessKey());
            root.put("region", region);
            root.put("iam_endpoint", motoEndpoint.toString());
            root.put("sts_endpoint", motoEndpoint.toString());
            vault.write("aws/config/root", root);
            vault.write("sys/auth/approle", Map.of("type", "approle"));
            Provisioner.applyVault(vault, plan);
            String roleId = vault.read("auth/approle/role/" + GATEWAY_APPROLE + "/role-id").get("role_id");
            String secretId = vault.write("auth/approle/role/" + GATEWAY_APPROLE + "/secret-id", Map.of()).get("secret_id");
            LOG.info("OpenBao: aws/ engine, {} roles, AppRole {}", plan.roles().size(), GATEWAY_APPROLE);

            if (enforceAuth) {
                enforceMotoAuthentication();
            }
            Map<String, String> roleArns = new LinkedHashMap<>();
            plan.roles().stream().filter(r -> r.iamRoleArn() != null).forEach(r -> roleArns.put(r.vaultRole(), r.iamRoleArn()));
            return new Result(roleId, secretId, roleArns, accountId);
        }
    }

    /** From now on moto serves only requests signed with keys it issued. */
    private void enforceMotoAuthentication() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(motoEndpoint.resolve("/moto-api/reset-auth"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("0")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("moto refused to enforce authentication: HTTP " + response.statusCode());
        }
    }
}
