package io.jitgate.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.aws.AwsOperations;
import io.jitgate.tools.SchemaCompiler;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The build-time least-privilege check: the plan of the real catalogue ({@code tools/}) passes, and
 * each kind of widening is caught (so the check can fail).
 */
class LeastPrivilegeCheckTest {
    static final String VAULT = "arn:aws:iam::123456789012:user/jitgate-openbao";
    static Vertx vertx;
    static ToolCatalog catalog;

    @BeforeAll
    static void load() {
        vertx = Vertx.vertx();
        Path tools = Path.of(System.getProperty("jitgate.root", "..")).resolve("tools");
        catalog = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn()).load(tools);
    }

    @AfterAll
    static void close() {
        vertx.close();
    }

    static ProvisioningPlan plan(List<String> unscoped) {
        return ProvisioningPlan.of(catalog, "123456789012", VAULT, "aws", unscoped);
    }

    @Test
    void theExampleCataloguesPlanIsLeastPrivilegeForAwsAndForMoto() {
        assertThat(LeastPrivilegeCheck.violations(catalog, plan(List.of()), List.of())).isEmpty();
        assertThat(LeastPrivilegeCheck.violations(catalog, plan(DevBootstrap.MOTO_UNSCOPED_ACTIONS), DevBootstrap.MOTO_UNSCOPED_ACTIONS)).isEmpty();
        // Rendered for moto but checked for AWS, the "*" resources are caught.
        assertThat(LeastPrivilegeCheck.violations(catalog, plan(DevBootstrap.MOTO_UNSCOPED_ACTIONS), List.of()))
                .anyMatch(p -> p.startsWith("dynamodb_get_customer: role jitgate-tool-dynamodb-get-customer grants [dynamodb:GetItem] on *"));
        assertThat(plan(List.of()).files()).containsKeys("iam/roles/jitgate-tool-whoami/policy.json",
                "iam/roles/jitgate-tool-whoami/trust-policy.json", "vault/aws/roles/whoami.json",
                "vault/policies/jitgate-gateway.hcl", "iam/vault-identity-policy.json");
    }

    @Test
    void aRoleGrantingAnUndeclaredActionFailsTheCheck() {
        ProvisioningPlan plan = plan(List.of());
        ProvisioningPlan.ToolRole read = role(plan, "s3_read_object");
        read.rolePolicy().getJsonArray("Statement").getJsonObject(0).put("Action", new JsonArray().add("s3:GetObject").add("s3:PutObject"));
        assertThat(LeastPrivilegeCheck.violations(catalog, plan, List.of())).containsExactly(
                "s3_read_object: role jitgate-tool-s3-read-object grants s3:PutObject, which the tool does not declare (declared: [s3:GetObject])");
    }

    @Test
    void twoToolsSharingARoleFailTheCheck() {
        ProvisioningPlan plan = plan(List.of());
        List<ProvisioningPlan.ToolRole> roles = new ArrayList<>(plan.roles());
        ProvisioningPlan.ToolRole write = role(plan, "s3_write_object");
        ProvisioningPlan.ToolRole read = role(plan, "s3_read_object");
        roles.set(roles.indexOf(write), new ProvisioningPlan.ToolRole(write.tool(), read.vaultRole(), read.iamRoleName(), read.iamRoleArn(),
                write.rolePolicy(), write.trustPolicy(), write.vaultRoleDefinition().copy().put("role_arns", read.iamRoleArn())));
        ProvisioningPlan shared = new ProvisioningPlan(plan.accountId(), plan.vaultPrincipalArn(), plan.awsMount(), roles,
                plan.vaultIdentityPolicy(), plan.gatewayAcl(), plan.gatewayAppRole(), plan.leaseConfig());
        assertThat(LeastPrivilegeCheck.violations(catalog, shared, List.of()))
                .anyMatch(p -> p.contains("share the Vault role s3-read-object"))
                .anyMatch(p -> p.contains("share the IAM role arn:aws:iam::123456789012:role/jitgate-tool-s3-read-object"));
    }

    @Test
    void widerTrustLongerTtlsAndAWiderAclFailTheCheck() {
        ProvisioningPlan plan = plan(List.of());
        role(plan, "whoami").trustPolicy().getJsonArray("Statement").getJsonObject(0)
                .put("Principal", new JsonObject().put("AWS", new JsonArray().add(VAULT).add("arn:aws:iam::123456789012:root")));
        role(plan, "whoami").vaultRoleDefinition().put("max_sts_ttl", 3600);
        ProvisioningPlan widened = new ProvisioningPlan(plan.accountId(), plan.vaultPrincipalArn(), plan.awsMount(), plan.roles(),
                plan.vaultIdentityPolicy(), plan.gatewayAcl() + "path \"aws/creds/*\" { capabilities = [\"read\"] }\n", plan.gatewayAppRole(),
                plan.leaseConfig());
        assertThat(LeastPrivilegeCheck.violations(catalog, widened, List.of()))
                .anyMatch(p -> p.startsWith("whoami: role jitgate-tool-whoami trusts"))
                .anyMatch(p -> p.contains("allows credentials for 3600 s"))
                .anyMatch(p -> p.contains("gateway's Vault ACL is not exactly"));
    }

    @Test
    void narrowingToolsMayAssumeOnlyThemselvesAndIamUserToolsGetLeasedUsers() {
        ProvisioningPlan plan = plan(List.of());
        String readArn = "arn:aws:iam::123456789012:role/jitgate-tool-s3-read-object";
        ProvisioningPlan.ToolRole read = role(plan, "s3_read_object");
        assertThat(read.trustPolicy().getJsonArray("Statement").getJsonObject(0).getJsonObject("Principal").getJsonArray("AWS"))
                .containsExactly(VAULT, readArn);
        assertThat(read.rolePolicy().getJsonArray("Statement").getJsonObject(1)).isEqualTo(new JsonObject()
                .put("Sid", IamPlan.SELF_ASSUME_SID).put("Effect", "Allow").put("Action", "sts:AssumeRole").put("Resource", readArn));
        // A tool that does not narrow trusts Vault alone and may assume nothing.
        assertThat(role(plan, "s3_write_object").rolePolicy().encode()).doesNotContain("sts:AssumeRole");
        ProvisioningPlan.ToolRole leased = role(plan, "whoami_iam_user");
        assertThat(leased.iamRoleArn()).isNull();
        assertThat(leased.vaultRoleDefinition().getString("credential_type")).isEqualTo("iam_user");
        assertThat(new JsonObject(leased.vaultRoleDefinition().getString("policy_document"))).isEqualTo(leased.rolePolicy());
        assertThat(plan.vaultIdentityPolicy().getJsonArray("Statement").getJsonObject(1).getString("Resource"))
                .isEqualTo("arn:aws:iam::123456789012:user/vault-*");
        assertThat(plan.gatewayAcl()).contains("path \"aws/creds/whoami-iam-user\"")
                .contains("path \"sys/leases/revoke/aws/creds/whoami-iam-user/*\"").doesNotContain("path \"sys/leases/revoke\"");
        assertThat(plan.leaseConfig().getString("lease_max")).isEqualTo("900s");
        assertThat(plan.files()).containsKeys("iam/users/whoami-iam-user/policy.json", "vault/aws/config/lease.json");
        // moto cannot match a role ARN against its sessions: its plan trusts "*", which the AWS check refuses.
        ProvisioningPlan moto = plan(DevBootstrap.MOTO_UNSCOPED_ACTIONS);
        assertThat(role(moto, "s3_read_object").trustPolicy().getJsonArray("Statement").getJsonObject(0)
                .getJsonObject("Principal").getString("AWS")).isEqualTo("*");
        assertThat(LeastPrivilegeCheck.violations(catalog, moto, List.of()))
                .anyMatch(p -> p.startsWith("s3_read_object: role jitgate-tool-s3-read-object trusts {\"AWS\":\"*\"}"));
    }

    @Test
    void assumingAnotherRoleALeasedUserWithMoreAndLongerLeasesFailTheCheck() {
        ProvisioningPlan plan = plan(List.of());
        role(plan, "s3_read_object").rolePolicy().getJsonArray("Statement").getJsonObject(1)
                .put("Resource", "arn:aws:iam::123456789012:role/jitgate-tool-s3-write-object");
        role(plan, "s3_write_object").rolePolicy().getJsonArray("Statement").add(new JsonObject().put("Sid", IamPlan.SELF_ASSUME_SID)
                .put("Effect", "Allow").put("Action", "sts:AssumeRole").put("Resource", "arn:aws:iam::123456789012:role/jitgate-tool-s3-write-object"));
        role(plan, "whoami_iam_user").vaultRoleDefinition().put("policy_arns", "arn:aws:iam::aws:policy/AdministratorAccess");
        ProvisioningPlan longer = new ProvisioningPlan(plan.accountId(), plan.vaultPrincipalArn(), plan.awsMount(), plan.roles(),
                plan.vaultIdentityPolicy(), plan.gatewayAcl(), plan.gatewayAppRole(), plan.leaseConfig().copy().put("lease_max", "768h"));
        assertThat(LeastPrivilegeCheck.violations(catalog, longer, List.of()))
                .anyMatch(p -> p.startsWith("s3_read_object: role jitgate-tool-s3-read-object may assume arn:aws:iam::123456789012:role/jitgate-tool-s3-write-object"))
                .anyMatch(p -> p.startsWith("s3_write_object: role jitgate-tool-s3-write-object may assume"))
                .anyMatch(p -> p.equals("whoami_iam_user: Vault role whoami-iam-user gives its users more than the checked policy"))
                .anyMatch(p -> p.startsWith("the AWS engine's lease_max is '768h'"));
    }

    private static ProvisioningPlan.ToolRole role(ProvisioningPlan plan, String tool) {
        return plan.roles().stream().filter(r -> r.tool().equals(tool)).findFirst().orElseThrow();
    }
}
