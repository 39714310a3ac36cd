package io.jitgate.provision;

import io.jitgate.tools.CredentialType;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Least privilege by construction: everything the AWS and Vault sides need, derived from the tool
 * catalogue only. {@code ./jitgate vault-config render} writes it as files; {@code apply} and the dev
 * bootstrap apply exactly this, after {@link LeastPrivilegeCheck} has found nothing wrong with it.
 *
 * @param accountId         the AWS account of the tool roles
 * @param vaultPrincipalArn the IAM identity Vault's AWS engine uses: the only principal the tool roles trust
 * @param awsMount          the mount of Vault's AWS secrets engine
 * @param roles             one per tool
 * @param vaultIdentityPolicy the policy of Vault's IAM identity: assume the tool roles, and (only when a
 *                          tool uses {@code iam_user} credentials) manage the {@code vault-*} users it creates
 * @param gatewayAcl        the gateway's Vault ACL (HCL)
 * @param gatewayAppRole    the gateway's AppRole definition
 * @param leaseConfig       the AWS engine's lease settings ({@code <mount>/config/lease}): 900 s, which
 *                          bounds {@code iam_user} keys the gateway could not revoke
 */
public record ProvisioningPlan(String accountId, String vaultPrincipalArn, String awsMount, List<ToolRole> roles,
        JsonObject vaultIdentityPolicy, String gatewayAcl, JsonObject gatewayAppRole, JsonObject leaseConfig) {
    /** The TTL of every tool role's STS credentials: the STS minimum, also the most Vault may grant. */
    public static final int STS_TTL_SECONDS = 900;

    /**
     * One tool's role on both sides. For {@code iam_user} credentials there is no IAM role
     * ({@code iamRoleName}, {@code iamRoleArn} and {@code trustPolicy} are null): {@code rolePolicy}
     * is the inline policy Vault puts on each user it creates.
     */
    public record ToolRole(String tool, String vaultRole, String iamRoleName, String iamRoleArn, JsonObject rolePolicy,
            JsonObject trustPolicy, JsonObject vaultRoleDefinition) {
        public CredentialType type() {
            return iamRoleArn == null ? CredentialType.IAM_USER : CredentialType.ASSUMED_ROLE;
        }
    }

    /**
     * The plan for {@code catalog}.
     *
     * @param unscopedActions action patterns the endpoint checks only against {@code "*"} (moto: see
     *                        {@link DevBootstrap#MOTO_UNSCOPED_ACTIONS}); empty for real AWS
     */
    public static ProvisioningPlan of(ToolCatalog catalog, String accountId, String vaultPrincipalArn, String awsMount,
            List<String> unscopedActions) {
        List<ToolRole> roles = new ArrayList<>();
        boolean moto = !unscopedActions.isEmpty();
        for (ToolDefinition tool : catalog.all()) {
            if (tool.aws().credentials().type() == CredentialType.IAM_USER) {
                JsonObject policy = IamPlan.rolePolicy(tool, unscopedActions);
                roles.add(new ToolRole(tool.name(), tool.vaultRole(), null, null, policy, null, new JsonObject()
                        .put("credential_type", CredentialType.IAM_USER.word())
                        .put("policy_document", policy.encode())));
                continue;
            }
            String name = IamPlan.roleName(tool);
            String arn = "arn:aws:iam::" + accountId + ":role/" + name;
            JsonObject vaultRole = new JsonObject()
                    .put("credential_type", "assumed_role")
                    .put("role_arns", arn)
                    .put("default_sts_ttl", STS_TTL_SECONDS)
                    .put("max_sts_ttl", STS_TTL_SECONDS);
            boolean narrows = tool.aws().credentials().narrows();
            roles.add(new ToolRole(tool.name(), tool.vaultRole(), name, arn, IamPlan.rolePolicy(tool, unscopedActions, narrows ? arn : null),
                    narrows ? IamPlan.selfTrustPolicy(vaultPrincipalArn, arn, moto) : IamPlan.trustPolicy(vaultPrincipalArn), vaultRole));
        }
        JsonObject appRole = new JsonObject().put("token_policies", DevBootstrap.GATEWAY_ACL)
                .put("token_ttl", "1h").put("token_max_ttl", "24h");
        boolean iamUsers = roles.stream().anyMatch(r -> r.type() == CredentialType.IAM_USER);
        return new ProvisioningPlan(accountId, vaultPrincipalArn, awsMount, List.copyOf(roles),
                IamPlan.vaultIdentityPolicy(roles.stream().map(ToolRole::iamRoleArn).filter(java.util.Objects::nonNull).toList(),
                        iamUsers ? (moto ? "*" : "arn:aws:iam::" + accountId + ":user/vault-*") : null),
                IamPlan.gatewayAcl(awsMount, catalog), appRole,
                new JsonObject().put("lease", STS_TTL_SECONDS + "s").put("lease_max", STS_TTL_SECONDS + "s"));
    }

    /** The plan as files, by relative path (what {@code render} writes). */
    public Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        for (ToolRole role : roles) {
            if (role.type() == CredentialType.IAM_USER) {
                files.put("iam/users/" + role.vaultRole() + "/policy.json", role.rolePolicy().encodePrettily() + "\n");
            } else {
                files.put("iam/roles/" + role.iamRoleName() + "/policy.json", role.rolePolicy().encodePrettily() + "\n");
                files.put("iam/roles/" + role.iamRoleName() + "/trust-policy.json", role.trustPolicy().encodePrettily() + "\n");
            }
            files.put("vault/" + awsMount + "/roles/" + role.vaultRole() + ".json", role.vaultRoleDefinition().encodePrettily() + "\n");
        }
        files.put("vault/" + awsMount + "/config/lease.json", leaseConfig.encodePrettily() + "\n");
        files.put("iam/vault-identity-policy.json", vaultIdentityPolicy.encodePrettily() + "\n");
        files.put("vault/policies/" + DevBootstrap.GATEWAY_ACL + ".hcl", gatewayAcl);
        files.put("vault/approle/" + DevBootstrap.GATEWAY_APPROLE + ".json", gatewayAppRole.encodePrettily() + "\n");
        return files;
    }
}
