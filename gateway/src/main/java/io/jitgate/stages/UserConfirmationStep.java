package io.jitgate.stages;

import io.jitgate.approvals.ApprovalSettings;
import io.jitgate.pipeline.ApprovalTrace;
import io.jitgate.pipeline.CallContext;
import io.jitgate.pipeline.CallControl;
import io.jitgate.pipeline.GatewayError;
import io.jitgate.pipeline.Reason;
import io.jitgate.pipeline.RecordRedaction;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

/**
 * The {@code confirm} tier when the client declared MCP elicitation: the agent's own user is asked
 * ({@code elicitation/create}) whether the call may run. {@code accept} runs it; {@code decline} or
 * {@code cancel} refuses it ({@code confirmation_declined}); no answer within the tool's approval
 * timeout refuses it ({@code approval_timed_out}).
 */
final class UserConfirmationStep {
    private final ApprovalSettings settings;
    private final RecordRedaction redaction;

    UserConfirmationStep(ApprovalSettings settings, RecordRedaction redaction) {
        this.settings = settings;
        this.redaction = redaction;
    }

    Future<CallContext> confirm(CallContext call, CallControl.UserConfirmation user) {
        Instant asked = Instant.now();
        String who = call.principal().actingFor() != null ? call.principal().actingFor() : call.principal().agentId();
        String message = "Allow agent " + call.principal().agentId() + " to call " + call.toolName() + " with "
                + redaction.arguments(call.tool(), call.arguments()).encode()
                + (call.intent() != null && call.intent().purpose() != null ? " (purpose: " + call.intent().purpose() + ")" : "") + "?";
        return user.confirm(message, settings.timeoutFor(call.toolName())).transform(answer -> {
            if (answer.succeeded() && "accept".equals(answer.result())) {
                return Future.succeededFuture(call.withApproval(trace(call, "approved", who, asked)));
            }
            if (answer.succeeded()) {
                return Future.failedFuture(GatewayError.of(Reason.CONFIRMATION_DECLINED, "The user did not confirm this call of "
                        + call.toolName() + " (" + answer.result() + "); it was not run")
                        .at(call.withApproval(trace(call, "declined", who, asked))));
            }
            if (answer.cause() instanceof TimeoutException) {
                return Future.failedFuture(GatewayError.of(Reason.APPROVAL_TIMED_OUT, "The user did not confirm this call of "
                        + call.toolName() + " in time, so it was denied")
                        .at(call.withApproval(trace(call, "timed_out", null, asked))));
            }
            return Future.failedFuture(GatewayError.withAuditDetail(Reason.CONFIRMATION_DECLINED, "The confirmation of this call of "
                    + call.toolName() + " failed; it was not run", "elicitation failed: " + answer.cause().getMessage())
                    .at(call.withApproval(trace(call, "declined", null, asked))));
        });
    }

    private static ApprovalTrace trace(CallContext call, String status, String by, Instant asked) {
        return new ApprovalTrace(call.callId(), "elicitation", status, by, null, asked,
                "pending".equals(status) ? null : Instant.now());
    }
}
