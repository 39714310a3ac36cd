package io.jitgate.credentials;

import io.jitgate.provision.IamPlan;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.Optional;
import software.amazon.awssdk.services.sts.StsAsyncClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Per-call narrowing, the second hop: with the STS credentials Vault issued for a tool's role, assume
 * the same role again with the call's session policy ({@link SessionPolicies}) and the call's role
 * session name, and use only the result. The role must trust itself and allow {@code sts:AssumeRole}
 * on itself; the provisioning plan grants exactly that to tools that narrow (see
 * {@code ProvisioningPlan}). The role's ARN is {@code arn:aws:iam::<aws.accountId>:role/jitgate-tool-<vaultRole>}.
 */
public final class StsNarrower {
    private final StsAsyncClient sts;
    private final Optional<String> accountId;

    public StsNarrower(StsAsyncClient sts, Optional<String> accountId) {
        this.sts = sts;
        this.accountId = accountId;
    }

    /** The ARN of {@code tool}'s role; throws when the configuration names no account. */
    public String roleArn(ToolDefinition tool) {
        return "arn:aws:iam::" + accountId.orElseThrow(() -> new IllegalStateException("tool " + tool.name()
                + " narrows its credentials per call (aws.credentials.narrowTo), which needs aws.accountId in the configuration"))
                + ":role/" + IamPlan.roleName(tool);
    }

    /**
     * Assumes {@code tool}'s role with {@code issued} and {@code sessionPolicy}; the answer runs on {@code context}.
     * The narrowed credentials keep the Vault lease and name the key Vault issued.
     */
    public Future<IssuedCredentials> narrow(Context context, IssuedCredentials issued, ToolDefinition tool, String sessionPolicy,
            String roleSessionName) {
        String roleArn;
        try {
            roleArn = roleArn(tool);
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);
        }
        var answer = sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName(roleSessionName)
                .policy(sessionPolicy).durationSeconds((int) VaultSettings.STS_MINIMUM_TTL.toSeconds())
                .overrideConfiguration(o -> o.credentialsProvider(issued.provider())));
        return (context == null ? Future.fromCompletionStage(answer) : Future.fromCompletionStage(answer, context))
                .map(response -> {
                    Credentials c = response.credentials();
                    return issued.narrowed(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), roleSessionName,
                            VaultSettings.STS_MINIMUM_TTL.toSeconds(), sessionPolicy);
                });
    }
}
