package io.jitgate.pipeline;

import io.jitgate.audit.SystemRecords;
import io.jitgate.auth.AgentPrincipal;
import io.jitgate.credentials.IssuedCredentials;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/**
 * Builds the attribution record of a call: prompt, intent, decision, credential and AWS request,
 * linked by the call id. The credentials' secret parts are never read here; only the access key id,
 * lease id and role session name are recorded. Sensitive arguments and the prompt pass through
 * {@link RecordRedaction} first. The schema is {@code docs/audit-record.schema.json}.
 */
public final class AuditRecords {
    /** Bumped when a field changes meaning or is removed (see {@link SystemRecords#SCHEMA_VERSION}). */
    public static final int SCHEMA_VERSION = SystemRecords.SCHEMA_VERSION;

    private AuditRecords() {
    }

    /**
     * The outcome word of the record (and of the {@code outcome} metric label): served, denied,
     * held, invalid, approval_timed_out, cancelled, rate_limited (the gateway's own limits), upstream_error
     * (Vault or AWS failed or is cut off by its circuit) or failed (the gateway's own fault: audit,
     * internal error). The reason word says exactly which.
     */
    public static String outcomeWord(Reason reason) {
        return switch (reason) {
            case OK -> "served";
            case UNAUTHENTICATED, POLICY_DENIED, POLICY_ERROR, TIER_DENIED, APPROVAL_REQUIRED, APPROVAL_DENIED,
                    APPROVAL_INVALID, CONFIRMATION_DECLINED -> "denied";
            case APPROVAL_TIMED_OUT -> "approval_timed_out";
            case APPROVAL_PENDING -> "held";
            case UNKNOWN_TOOL, INVALID_ARGUMENTS -> "invalid";
            case CANCELLED -> "cancelled";
            case RATE_LIMITED, BULKHEAD_FULL -> "rate_limited";
            case CREDENTIALS_UNAVAILABLE, CIRCUIT_OPEN, AWS_THROTTLED, AWS_CLOCK_SKEW, AWS_ERROR, AWS_TIMEOUT -> "upstream_error";
            default -> "failed";
        };
    }

    static JsonObject toolCall(CallContext call, CallOutcome outcome) {
        return toolCall(call, outcome, RecordRedaction.DEFAULT);
    }

    static JsonObject toolCall(CallContext call, CallOutcome outcome, RecordRedaction redaction) {
        JsonObject record = new JsonObject()
                .put("v", SCHEMA_VERSION)
                .put("kind", "tool_call")
                .put("time", call.receivedAt().toString())
                .put("callId", call.callId())
                .put("session", call.sessionId())
                .put("source", call.sourceAddress());
        AgentPrincipal who = call.principal();
        record.put("agent", who == null ? null : who.agentId())
                .put("user", who == null ? null : who.actingFor())
                .put("groups", who == null ? new JsonArray() : new JsonArray(who.groups()))
                .put("tenant", who == null ? null : who.tenant())
                .put("tool", call.toolName())
                .put("arguments", boundedArguments(redaction.arguments(call.tool(), call.arguments())))
                .put("intent", redaction.intent(call.intent()))
                .put("decision", call.decision() == null ? null : call.decision().toJson())
                .put("tier", call.tier() == null ? null : call.tier().word())
                .put("approval", call.approval() == null ? null : call.approval().toJson());
        IssuedCredentials credentials = call.credentials();
        record.put("credentials", credentials == null ? null : new JsonObject()
                .put("vaultRole", credentials.vaultRole())
                .put("leaseId", credentials.leaseId())
                .put("accessKeyId", credentials.accessKeyId())
                .put("roleSessionName", credentials.roleSessionName())
                .put("ttlSeconds", credentials.ttlSeconds())
                .put("issuedAt", credentials.issuedAt().toString())
                .put("type", credentials.type().word())
                .put("issuedAccessKeyId", credentials.issuedAccessKeyId())
                .put("sessionPolicy", credentials.sessionPolicy())
                .put("revocation", credentials.revocation() == null ? null : credentials.revocation().toJson()));
        record.put("aws", call.tool() != null && call.tool().isLocal() ? null // a local tool makes no AWS request
                : call.awsResult() == null
                ? (call.tool() == null ? null : new JsonObject()
                        .put("service", call.tool().aws().service())
                        .put("operation", call.tool().aws().operation())
                        .put("requestId", null))
                : new JsonObject()
                        .put("service", call.awsResult().service())
                        .put("operation", call.awsResult().operation())
                        .put("requestId", call.awsResult().requestId()));
        record.put("resilience", call.resilience() == null ? null : call.resilience().toJson());
        Reason reason = outcome.reason();
        record.put("outcome", outcomeWord(reason))
                .put("reason", reason.word())
                .put("detail", outcome.error() == null ? null : outcome.error().auditDetail());
        JsonObject stages = new JsonObject();
        for (Map.Entry<Phase, Long> e : outcome.stageNanos().entrySet()) {
            stages.put(e.getKey().word(), millis(e.getValue()));
        }
        record.put("stagesMs", stages).put("totalMs", millis(outcome.totalNanos()))
                .put("completedAt", Instant.now().toString());
        return record;
    }

    /** The record of a {@code tools/call} refused before its caller was known (no valid token). */
    public static JsonObject unauthenticated(String callId, Instant received, String source, String toolName, String detail) {
        return new JsonObject()
                .put("v", SCHEMA_VERSION)
                .put("kind", "tool_call")
                .put("time", received.toString())
                .put("callId", callId)
                .put("session", null)
                .put("source", source)
                .put("agent", null)
                .put("tool", toolName)
                .put("outcome", outcomeWord(Reason.UNAUTHENTICATED))
                .put("reason", Reason.UNAUTHENTICATED.word())
                .put("detail", detail)
                .put("completedAt", Instant.now().toString());
    }

    /** Arguments larger than this are recorded as their digest, size and an excerpt, not in full. */
    static final int MAX_RECORDED_ARGUMENT_BYTES = 16 * 1024;

    /**
     * The call's arguments as recorded: whole when small; otherwise (a rejected 300 KB argument, say)
     * their SHA-256, size and an excerpt, so one bad call cannot bloat the log.
     */
    public static JsonObject boundedArguments(JsonObject arguments) {
        if (arguments == null) {
            return null;
        }
        String encoded = arguments.encode();
        byte[] bytes = encoded.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length <= MAX_RECORDED_ARGUMENT_BYTES) {
            return arguments;
        }
        try {
            String digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
            return new JsonObject().put("_truncated", true).put("sha256", digest).put("bytes", bytes.length)
                    .put("excerpt", encoded.substring(0, 1024));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
