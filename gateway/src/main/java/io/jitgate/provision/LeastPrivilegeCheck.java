package io.jitgate.provision;

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
 */
public final class LeastPrivilegeCheck {
    private LeastPrivilegeCheck() {
    }

    public static List<String> violations(ToolCatalog catalog, ProvisioningPlan plan, List<String> unscopedActions) {
        List<String> problems = new ArrayList<>();
        Map<String, ToolDefinition> tools = new HashMap<>();
        catalog.all().stream().filter(t -> !t.isLocal()).forEach(t -> tools.put(t.name(), t));
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
            other = iamRoles.put(role.iamRoleArn(), role.tool());
            if (other != null) {
                problems.add("tools " + other + " and " + role.tool() + " share the IAM role " + role.iamRoleArn());
            }
            checkPolicy(tool, role, unscopedActions, problems);
            checkTrust(plan, role, problems);
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
            problems.add("the gateway's Vault ACL is not exactly its tools' " + plan.awsMount() + "/sts paths");
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

    private static void checkTrust(ProvisioningPlan plan, ProvisioningPlan.ToolRole role, List<String> problems) {
        for (Object s : role.trustPolicy().getJsonArray("Statement", new JsonArray())) {
            JsonObject statement = (JsonObject) s;
            JsonObject principal = statement.getJsonObject("Principal", new JsonObject());
            List<String> trusted = strings(principal.getValue("AWS"));
            if (principal.size() != 1 || !trusted.equals(List.of(plan.vaultPrincipalArn()))
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
