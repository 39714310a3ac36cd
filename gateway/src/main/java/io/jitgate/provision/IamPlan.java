package io.jitgate.provision;

import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The IAM side of least privilege, derived from the tool catalogue: one role per tool, trusted only
 * by Vault's IAM identity, allowed exactly the actions and resources the tool declares.
 */
public final class IamPlan {
    /** The name of the IAM role a tool's Vault role assumes. */
    public static String roleName(ToolDefinition tool) {
        return "jitgate-tool-" + tool.vaultRole();
    }

    /** The identity policy of a tool's role: exactly its declared actions on its declared resources. */
    public static JsonObject rolePolicy(ToolDefinition tool) {
        return rolePolicy(tool, List.of());
    }

    /**
     * The identity policy of a tool's role for an endpoint that cannot match resource ARNs for some
     * actions (moto checks {@code Resource: "*"} for DynamoDB and for SQS GetQueueUrl): those
     * actions get a statement of their own on {@code "*"}; every other action keeps the declared
     * resources. The actions themselves are never widened.
     *
     * @param unscopedActions action patterns (such as {@code dynamodb:*}) the endpoint checks only against "*"
     */
    public static JsonObject rolePolicy(ToolDefinition tool, List<String> unscopedActions) {
        return rolePolicy(tool, unscopedActions, null);
    }

    /** The Sid of the statement that lets a narrowing tool's role assume itself (the second hop). */
    public static final String SELF_ASSUME_SID = "SelfAssumeForPerCallNarrowing";

    /**
     * The same, plus, when {@code selfArn} is not null (a tool that narrows its credentials per call),
     * {@code sts:AssumeRole} on the role itself and nothing else: the second hop with a session policy.
     */
    public static JsonObject rolePolicy(ToolDefinition tool, List<String> unscopedActions, String selfArn) {
        JsonObject policy = basePolicy(tool, unscopedActions);
        if (selfArn != null) {
            policy.getJsonArray("Statement").add(new JsonObject().put("Sid", SELF_ASSUME_SID).put("Effect", "Allow")
                    .put("Action", "sts:AssumeRole").put("Resource", selfArn));
        }
        return policy;
    }

    private static JsonObject basePolicy(ToolDefinition tool, List<String> unscopedActions) {
        List<String> scoped = tool.aws().actions().stream().filter(a -> !matchesAny(a, unscopedActions)).toList();
        List<String> unscoped = tool.aws().actions().stream().filter(a -> matchesAny(a, unscopedActions)).toList();
        JsonArray statements = new JsonArray();
        if (!scoped.isEmpty()) {
            statements.add(new JsonObject().put("Sid", "ToolActions").put("Effect", "Allow")
                    .put("Action", new JsonArray(scoped)).put("Resource", new JsonArray(tool.aws().resources())));
        }
        if (!unscoped.isEmpty()) {
            statements.add(new JsonObject().put("Sid", "ToolActionsEndpointCannotScope").put("Effect", "Allow")
                    .put("Action", new JsonArray(unscoped)).put("Resource", "*"));
        }
        return new JsonObject().put("Version", "2012-10-17").put("Statement", statements);
    }

    static boolean matchesAny(String action, List<String> patterns) {
        for (String pattern : patterns) {
            if (pattern.endsWith(":*") ? action.startsWith(pattern.substring(0, pattern.length() - 1)) : action.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /** The trust policy of a tool's role: only {@code vaultPrincipalArn} may assume it. */
    public static JsonObject trustPolicy(String vaultPrincipalArn) {
        return new JsonObject().put("Version", "2012-10-17").put("Statement", new JsonArray().add(new JsonObject()
                .put("Effect", "Allow")
                .put("Principal", new JsonObject().put("AWS", vaultPrincipalArn))
                .put("Action", "sts:AssumeRole")));
    }

    /**
     * The trust policy of a role whose tool narrows its credentials per call: Vault's identity, and
     * the role itself (its sessions make the second AssumeRole). On AWS a role ARN as principal
     * matches the role's sessions. moto compares the caller's exact session ARN and cannot match a
     * role ARN against it, so for moto ({@code moto}) the principal is {@code "*"}: in moto's one
     * account only identities whose own policy allows {@code sts:AssumeRole} on this role can assume
     * it, which are Vault's user and the role itself (see {@link #rolePolicy(ToolDefinition, List, String)}).
     */
    public static JsonObject selfTrustPolicy(String vaultPrincipalArn, String selfArn, boolean moto) {
        return new JsonObject().put("Version", "2012-10-17").put("Statement", new JsonArray().add(new JsonObject()
                .put("Effect", "Allow")
                .put("Principal", new JsonObject().put("AWS", moto ? "*" : new JsonArray().add(vaultPrincipalArn).add(selfArn)))
                .put("Action", "sts:AssumeRole")));
    }

    /** The policy of Vault's own IAM identity: assume the tool roles, nothing else. */
    public static JsonObject vaultIdentityPolicy(List<String> roleArns) {
        return vaultIdentityPolicy(roleArns, null);
    }

    /** The IAM actions Vault's AWS engine needs to create, and on revocation delete, an {@code iam_user} credential. */
    public static final List<String> IAM_USER_ACTIONS = List.of("iam:CreateUser", "iam:PutUserPolicy", "iam:CreateAccessKey",
            "iam:ListGroupsForUser", "iam:ListUserPolicies", "iam:ListAttachedUserPolicies", "iam:ListAccessKeys",
            "iam:DeleteAccessKey", "iam:DeleteUserPolicy", "iam:DeleteUser", "iam:RemoveUserFromGroup", "iam:DetachUserPolicy");

    /**
     * The policy of Vault's own IAM identity: assume the tool roles and, when {@code userResource} is
     * not null (some tool uses {@code iam_user} credentials), manage the users it creates
     * ({@code arn:aws:iam::<account>:user/vault-*}; moto checks IAM user actions only against "*").
     */
    public static JsonObject vaultIdentityPolicy(List<String> roleArns, String userResource) {
        JsonArray statements = new JsonArray();
        if (!roleArns.isEmpty()) {
            statements.add(new JsonObject()
                    .put("Sid", "AssumeToolRolesOnly")
                    .put("Effect", "Allow")
                    .put("Action", "sts:AssumeRole")
                    .put("Resource", new JsonArray(roleArns)));
        }
        if (userResource != null) {
            statements.add(new JsonObject()
                    .put("Sid", "ManageLeasedToolUsers")
                    .put("Effect", "Allow")
                    .put("Action", new JsonArray(IAM_USER_ACTIONS))
                    .put("Resource", userResource));
        }
        return new JsonObject().put("Version", "2012-10-17").put("Statement", statements);
    }

    /**
     * The gateway's Vault ACL: issue credentials for its tool roles only, always name the STS session,
     * and revoke the leases of its own {@code iam_user} roles (nothing else).
     */
    public static String gatewayAcl(String awsMount, ToolCatalog catalog) {
        StringBuilder acl = new StringBuilder("# Generated by jitgate from the tool catalogue. Do not edit.\n");
        for (ToolDefinition tool : catalog.all()) {
            if (tool.aws().credentials().type() == io.jitgate.tools.CredentialType.IAM_USER) {
                acl.append("path \"").append(awsMount).append("/creds/").append(tool.vaultRole()).append("\" {\n")
                        .append("  capabilities = [\"create\", \"update\"]\n")
                        .append("}\n");
                acl.append("path \"sys/leases/revoke/").append(awsMount).append("/creds/").append(tool.vaultRole()).append("/*\" {\n")
                        .append("  capabilities = [\"update\"]\n")
                        .append("}\n");
                continue;
            }
            acl.append("path \"").append(awsMount).append("/sts/").append(tool.vaultRole()).append("\" {\n")
                    .append("  capabilities = [\"create\", \"update\"]\n")
                    .append("  required_parameters = [\"role_session_name\"]\n")
                    .append("}\n");
        }
        acl.append("path \"auth/token/lookup-self\" {\n  capabilities = [\"read\"]\n}\n");
        acl.append("path \"auth/token/renew-self\" {\n  capabilities = [\"update\"]\n}\n");
        return acl.toString();
    }

    private IamPlan() {
    }
}
