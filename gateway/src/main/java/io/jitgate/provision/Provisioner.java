package io.jitgate.provision;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.IamAsyncClient;

/**
 * Applies a checked {@link ProvisioningPlan}: the IAM side (tool roles and their policies) to an IAM
 * endpoint, and the Vault side (tool roles in the AWS engine, the gateway's ACL and AppRole) to a
 * Vault/OpenBao. It refuses a plan that {@link LeastPrivilegeCheck} finds fault with.
 */
public final class Provisioner {
    private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);

    private Provisioner() {
    }

    /** Creates each tool's IAM role with its trust policy and its identity policy. */
    static void applyIam(IamAsyncClient iam, ProvisioningPlan plan) {
        for (ProvisioningPlan.ToolRole role : plan.roles()) {
            if (role.iamRoleArn() == null) {
                continue; // iam_user: Vault creates a user with the policy for each call
            }
            String arn = iam.createRole(b -> b.roleName(role.iamRoleName())
                    .assumeRolePolicyDocument(role.trustPolicy().encode())
                    .description("jitgate tool " + role.tool())).join().role().arn();
            if (!arn.equals(role.iamRoleArn())) {
                throw new IllegalStateException("IAM created role " + arn + ", but the plan expected " + role.iamRoleArn()
                        + " (wrong --account-id?)");
            }
            iam.putRolePolicy(b -> b.roleName(role.iamRoleName()).policyName("tool-actions")
                    .policyDocument(role.rolePolicy().encode())).join();
        }
        LOG.info("IAM: {} tool roles", plan.roles().size());
    }

    /**
     * Writes the tool roles into the AWS engine at the plan's mount (which must exist and be
     * configured), the gateway's ACL, and its AppRole (AppRole auth must be enabled).
     */
    static void applyVault(VaultAdmin vault, ProvisioningPlan plan) throws Exception {
        for (ProvisioningPlan.ToolRole role : plan.roles()) {
            Map<String, Object> body = new LinkedHashMap<>(role.vaultRoleDefinition().getMap());
            vault.write(plan.awsMount() + "/roles/" + role.vaultRole(), body);
        }
        vault.write(plan.awsMount() + "/config/lease", new LinkedHashMap<>(plan.leaseConfig().getMap()));
        vault.write("sys/policies/acl/" + DevBootstrap.GATEWAY_ACL, Map.of("policy", plan.gatewayAcl()));
        vault.write("auth/approle/role/" + DevBootstrap.GATEWAY_APPROLE, new LinkedHashMap<>(plan.gatewayAppRole().getMap()));
        LOG.info("Vault: {} roles at {}/, ACL and AppRole {}", plan.roles().size(), plan.awsMount(), DevBootstrap.GATEWAY_APPROLE);
    }
}
