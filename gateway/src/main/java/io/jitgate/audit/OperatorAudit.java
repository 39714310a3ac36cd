package io.jitgate.audit;

import io.vertx.core.Future;

/**
 * The seam for recording operator actions: tier changes, approvals, policy reloads, tool
 * registrations. Whoever performs such an action records it here and goes on only when the future
 * succeeds (the record is durable), so an action that cannot be attributed does not take effect.
 */
@FunctionalInterface
public interface OperatorAudit {
    Future<Void> record(OperatorAction action);

    /** Writes operator actions to {@code sink} as {@code operator_action} records of gateway {@code instance}. */
    static OperatorAudit to(AuditSink sink, String instance) {
        return action -> sink.append(SystemRecords.operatorAction(instance, action));
    }
}
