package io.jitgate.pipeline;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * How a call that needed a person was decided, as its attribution record keeps it.
 *
 * @param id          the approval id (the call id of the call that first asked; a retry presents it)
 * @param via         {@code operator} (an operator approved or denied) or {@code elicitation} (the agent's user answered)
 * @param status      {@code pending}, {@code approved}, {@code denied}, {@code timed_out}, {@code used}, {@code withdrawn}
 *                    (the agent cancelled the waiting call), or {@code declined} (elicitation)
 * @param decidedBy   the operator or user who decided; {@code system:approval-timeout} for a timeout;
 *                    {@code agent:<id>} for a withdrawal; null while pending
 * @param comment     the operator's comment, if any
 * @param requestedAt when the approval was asked for
 * @param decidedAt   when it was decided; null while pending
 */
public record ApprovalTrace(String id, String via, String status, String decidedBy, String comment, Instant requestedAt,
        Instant decidedAt) {
    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("via", via).put("status", status).put("decidedBy", decidedBy)
                .put("comment", comment).put("requestedAt", requestedAt == null ? null : requestedAt.toString())
                .put("decidedAt", decidedAt == null ? null : decidedAt.toString());
    }
}
