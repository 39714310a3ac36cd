package io.jitgate.pipeline;

import io.jitgate.auth.AgentPrincipal;
import io.jitgate.aws.AwsCallResult;
import io.jitgate.credentials.IssuedCredentials;
import io.jitgate.policy.PolicyDecision;
import io.jitgate.tools.Tier;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Everything known about one {@code tools/call}, filled in stage by stage. Immutable: each stage
 * returns a copy made with a {@code with...} method. Fields a stage has not reached yet are null.
 */
public record CallContext(
        String callId,
        Instant receivedAt,
        String sessionId,
        String sourceAddress,
        AgentPrincipal principal,
        String toolName,
        JsonObject arguments,
        Intent intent,
        ToolDefinition tool,
        PolicyDecision decision,
        Tier tier,
        IssuedCredentials credentials,
        AwsCallResult awsResult,
        ResilienceTrace resilience,
        ApprovalTrace approval) {

    /** The context of a call that the transport has decoded and authenticated. */
    public static CallContext received(String callId, Instant receivedAt, String sessionId, String sourceAddress,
            AgentPrincipal principal, String toolName, JsonObject arguments, Intent intent) {
        return new CallContext(callId, receivedAt, sessionId, sourceAddress, principal, toolName,
                arguments, intent, null, null, null, null, null, ResilienceTrace.NONE, null);
    }

    public CallContext withTool(ToolDefinition tool) {
        return new CallContext(callId, receivedAt, sessionId, sourceAddress, principal, toolName, arguments, intent,
                tool, decision, tier, credentials, awsResult, resilience, approval);
    }

    public CallContext withDecision(PolicyDecision decision) {
        return new CallContext(callId, receivedAt, sessionId, sourceAddress, principal, toolName, arguments, intent,
                tool, decision, tier, credentials, awsResult, resilience, approval);
    }

    public CallContext withTier(Tier tier) {
        return new CallContext(callId, receivedAt, sessionId, sourceAddress, principal, toolName, arguments, intent,
                tool, decision, tier, credentials, awsResult, resilience, approval);
    }

    public CallContext withCredentials(IssuedCredentials credentials) {
        return new CallContext(callId, receivedAt, sessionId, sourceAddress, principal, toolName, arguments, intent,
                tool, decision, tier, credentials, awsResult, resilience, approval);
    }

    public CallContext withAwsResult(AwsCallResult awsResult) {
        return new CallContext(callId, receivedAt, sessionId, sourceAddress, principal, toolName, arguments, intent,
                tool, decision, tier, credentials, awsResult, resilience, approval);
    }

    public CallContext withResilience(ResilienceTrace resilience) {
        return new CallContext(callId, receivedAt, sessionId, sourceAddress, principal, toolName, arguments, intent,
                tool, decision, tier, credentials, awsResult, resilience, approval);
    }

    /** The copy that carries how the call's approval was asked for and decided. */
    public CallContext withApproval(ApprovalTrace approval) {
        return new CallContext(callId, receivedAt, sessionId, sourceAddress, principal, toolName, arguments, intent,
                tool, decision, tier, credentials, awsResult, resilience, approval);
    }

    /** A copy without the credentials, once the call no longer needs them. */
    public CallContext withoutCredentials() {
        return withCredentials(null);
    }
}
