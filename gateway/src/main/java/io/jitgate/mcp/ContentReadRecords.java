package io.jitgate.mcp;

import io.jitgate.audit.AuditSink;
import io.jitgate.audit.SystemRecords;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Records every {@code resources/read} and {@code prompts/get} in the attribution log (kind
 * {@code content_read}): who read which resource or prompt, with which arguments, and the outcome.
 * The answer waits for the record: if it cannot be written, the client gets an error, not the content.
 */
final class ContentReadRecords {
    private final AuditSink audit;

    ContentReadRecords(AuditSink audit) {
        this.audit = audit;
    }

    /** Writes the record, then completes with {@code answer}, or with an internal error if the record failed. */
    Future<JsonObject> record(McpMethods.Caller caller, Object requestId, String method, String target, JsonObject arguments,
            String outcome, String reason, JsonObject answer) {
        if (audit == null) {
            return Future.succeededFuture(answer);
        }
        var who = caller.principal();
        JsonObject record = new JsonObject()
                .put("v", SystemRecords.SCHEMA_VERSION)
                .put("kind", "content_read")
                .put("time", caller.received().toString())
                .put("session", caller.session().id())
                .put("source", caller.sourceAddress())
                .put("agent", who == null ? null : who.agentId())
                .put("user", who == null ? null : who.actingFor())
                .put("groups", who == null ? new JsonArray() : new JsonArray(who.groups()))
                .put("tenant", who == null ? null : who.tenant())
                .put("method", method)
                .put("target", target)
                .put("arguments", io.jitgate.pipeline.AuditRecords.boundedArguments(arguments))
                .put("outcome", outcome)
                .put("reason", reason)
                .put("completedAt", Instant.now().toString());
        return audit.append(record).transform(written -> written.succeeded()
                ? Future.succeededFuture(answer)
                : Future.succeededFuture(JsonRpc.error(requestId, JsonRpc.INTERNAL_ERROR,
                        "The attribution log cannot be written, so nothing is served")));
    }
}
