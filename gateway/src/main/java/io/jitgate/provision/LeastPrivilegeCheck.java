package io.jitgate.provision;

import io.jitgate.tools.CredentialType;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a {@link ProvisioningPlan} against the catalogue it claims to come from, before anything is
 * rendered or applied (and in the build, see {@code LeastPrivilegeCheckTest}): a role that grants an
 * action its tool does not declare, a resource it does not declare, two tools sharing a role, a trust
 * policy that trusts anyone but Vault, a Vault role that may issue more than 900 s or another role's
 * ARN, or a gateway ACL that reaches beyond its tools' {@code sts} paths. Each problem is one line.
 *
 * <p>Two kinds of credentials: a tool's Vault role must issue the type its definition declares. An
 * {@code iam_user} role has no IAM role; its Vault role carries exactly the checked policy. A role whose
 * tool narrows its credentials per call may, beyond its tool's actions, assume itself (and nothing
 * else), and trusts Vault and itself (on moto, which cannot match a role against its sessions, "*").
 */
public final class LeastPrivilegeCheck {
    private LeastPrivilegeCheck() {
    }

    public static List<String> violations(ToolCatalog catalog, ProvisioningPlan plan, List<String> unscopedActions) {
        List<String> problems = new ArrayList<>();
        Map<String, ToolDefinition> tools = new HashMap<>();
        catalog.all().forEach(t -> tools.put(t.name(), t));
        Map<String, String> vaultRoles = new HashMap<>();
        Map<String, String> iamRoles = new HashMap<>();
        Set<String> planned = new HashSet<>();
        for (ProvisioningPlan.ToolRole role : plan.roles()) {
            ToolDefinition tool = tools.get(role.tool());
            if (tool == null) {
                problems.add("role " + role.iamRoleName() + " belongs to no tool in the catalogue (" + role.tool() + ")");
                continue;
            }
            planned.add(role.tool());
            String other = vaultRoles.put(role.vaultRole(), role.tool());
            if (other != null) {
                problems.add("tools " + other + " and " + role.tool() + " share the Vault role " + role.vaultRole());
            }
            CredentialType declared = tool.aws().credentials().type();
            String issued = role.vaultRoleDefinition().getString("credential_type");
            if (!declared.word().equals(issued) || role.type() != declared) {
                problems.add(role.tool() + ": Vault role " + role.vaultRole() + " issues " + issued + " credentials, but the tool declares "
                        + declared.word());
                continue;
            }
            if (declared == CredentialType.IAM_USER) {
                checkPolicy(tool, role, unscopedActions, problems);
                if (!role.rolePolicy().encode().equals(role.vaultRoleDefinition().getString("policy_document"))
                        || role.vaultRoleDefinition().containsKey("role_arns") || role.vaultRoleDefinition().containsKey("policy_arns")) {
                    problems.add(role.tool() + ": Vault role " + role.vaultRole() + " gives its users more than the checked policy");
                }
                continue;
            }
            other = iamRoles.put(role.iamRoleArn(), role.tool());
            if (other != null) {
                problems.add("tools " + other + " and " + role.tool() + " share the IAM role " + role.iamRoleArn());
            }
            checkPolicy(tool, role, unscopedActions, problems);
            checkTrust(plan, role, tool.aws().credentials().narrows(), !unscopedActions.isEmpty(), problems);
            JsonObject vault = role.vaultRoleDefinition();
            if (!role.iamRoleArn().equals(vault.getString("role_arns"))) {
                problems.add(role.tool() + ": Vault role " + role.vaultRole() + " may assume " + vault.getString("role_arns")
                        + ", not only its own " + role.iamRoleArn());
            }
            if (vault.getInteger("max_sts_ttl", Integer.MAX_VALUE) > ProvisioningPlan.STS_TTL_SECONDS) {
                problems.add(role.tool() + ": Vault role " + role.vaultRole() + " allows credentials for "
                        + vault.getValue("max_sts_ttl") + " s, more than " + ProvisioningPlan.STS_TTL_SECONDS);
            }
        }
        tools.keySet().stream().filter(t -> !planned.contains(t)).sorted()
                .forEach(t -> problems.add("tool " + t + " has no role in the plan"));
        String expectedAcl = IamPlan.gatewayAcl(plan.awsMount(), catalog);
        if (!expectedAcl.equals(plan.gatewayAcl())) {
            problems.add("the gateway's Vault ACL is not exactly its tools' " + plan.awsMount() + "/sts and /creds paths "
                    + "(and the revocation of their leases)");
        }
        for (String field : List.of("lease", "lease_max")) {
            String value = plan.leaseConfig().getString(field, "");
            if (!value.matches("\\d+s") || Integer.parseInt(value.substring(0, value.length() - 1)) > ProvisioningPlan.STS_TTL_SECONDS) {
                problems.add("the AWS engine's " + field + " is '" + value + "', not at most " + ProvisioningPlan.STS_TTL_SECONDS + "s");
            }
        }
        return problems;
    }

    private static void checkPolicy(ToolDefinition tool, ProvisioningPlan.ToolRole role, List<String> unscoped, List<String> problems) {
        Set<String> declaredActions = new HashSet<>(tool.aws().actions());
        Set<String> declaredResources = new HashSet<>(tool.aws().resources());
        for (Object s : role.rolePolicy().getJsonArray("Statement", new JsonArray())) {
            JsonObject statement = (JsonObject) s;
            if (!"Allow".equals(statement.getString("Effect"))) {
                continue;
            }
            if (IamPlan.SELF_ASSUME_SID.equals(statement.getString("Sid"))) {
                if (!tool.aws().credentials().narrows() || !strings(statement.getValue("Action")).equals(List.of("sts:AssumeRole"))
                        || !strings(statement.getValue("Resource")).equals(List.of(String.valueOf(role.iamRoleArn())))) {
                    problems.add(tool.name() + ": role " + role.iamRoleName() + " may assume " + statement.getValue("Resource")
                            + "; only a tool that narrows per call may assume its own role, and nothing else");
                }
                continue;
            }
            List<String> actions = strings(statement.getValue("Action"));
            for (String action : actions) {
                if (!declaredActions.contains(action)) {
                    problems.add(tool.name() + ": role " + role.iamRoleName() + " grants " + action
                            + ", which the tool does not declare (declared: " + tool.aws().actions() + ")");
                }
            }
            for (String resource : strings(statement.getValue("Resource"))) {
                boolean allowedStar = "*".equals(resource) && actions.stream().allMatch(a -> IamPlan.matchesAny(a, unscoped));
                if (!declaredResources.contains(resource) && !allowedStar) {
                    problems.add(tool.name() + ": role " + role.iamRoleName() + " grants " + actions + " on " + resource
                            + ", which the tool does not declare (declared: " + tool.aws().resources() + ")");
                }
            }
            if (statement.containsKey("NotAction") || statement.containsKey("NotResource")) {
                problems.add(tool.name() + ": role " + role.iamRoleName() + " uses NotAction/NotResource");
            }
        }
    }

    private static void checkTrust(ProvisioningPlan plan, ProvisioningPlan.ToolRole role, boolean narrows, boolean moto,
            List<String> problems) {
        List<List<String>> allowed = !narrows ? List.of(List.of(plan.vaultPrincipalArn()))
                : moto ? List.of(List.of("*")) : List.of(List.of(plan.vaultPrincipalArn(), role.iamRoleArn()));
        for (Object s : role.trustPolicy().getJsonArray("Statement", new JsonArray())) {
            JsonObject statement = (JsonObject) s;
            JsonObject principal = statement.getJsonObject("Principal", new JsonObject());
            List<String> trusted = strings(principal.getValue("AWS"));
            if (principal.size() != 1 || !allowed.contains(trusted)
                    || !strings(statement.getValue("Action")).equals(List.of("sts:AssumeRole"))) {
                problems.add(role.tool() + ": role " + role.iamRoleName() + " trusts " + principal.encode() + " for "
                        + statement.getValue("Action") + "; only " + plan.vaultPrincipalArn() + " may assume it");
            }
        }
    }

    private static List<String> strings(Object value) {
        if (value instanceof JsonArray array) {
            return array.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }
}
