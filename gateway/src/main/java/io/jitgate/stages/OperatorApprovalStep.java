package io.jitgate.stages;

import io.jitgate.approvals.Approval;
import io.jitgate.approvals.ApprovalDesk;
import io.jitgate.approvals.CallBinding;
import io.jitgate.pipeline.ApprovalTrace;
import io.jitgate.pipeline.CallContext;
import io.jitgate.pipeline.CallControl;
import io.jitgate.pipeline.GatewayError;
import io.jitgate.pipeline.Reason;
import io.jitgate.pipeline.RecordRedaction;
import io.vertx.core.Future;

/**
 * The {@code approve} tier (and {@code confirm} without elicitation): an operator decides.
 * <ul>
 *   <li>A new call is held at the {@link ApprovalDesk} under its call id (the approval id), unless
 *       the same call (agent, user, tool, arguments) is pending already: then it joins that approval
 *       (no second one for an operator to decide). A caller that can wait (a progress token on an SSE
 *       answer) is told it is held and waits; one that cannot gets {@code approval_pending} with the
 *       approval id at once.</li>
 *   <li>A waiting call that its agent cancels ({@code notifications/cancelled}) stops waiting at once
 *       and ends {@code cancelled}; its approval is withdrawn when no other call waits for it.</li>
 *   <li>A call that presents {@code _meta["jitgate/approvalId"]} runs if that approval is approved,
 *       was given for the same agent, tool and arguments ({@link CallBinding}), and was not used; it
 *       waits (or is told again) while the approval is pending.</li>
 * </ul>
 */
final class OperatorApprovalStep {
    private final ApprovalDesk desk;
    private final RecordRedaction redaction;

    OperatorApprovalStep(ApprovalDesk desk, RecordRedaction redaction) {
        this.desk = desk;
        this.redaction = redaction;
    }

    Future<CallContext> approve(CallContext call, CallControl control) {
        String binding = CallBinding.digest(call.principal().agentId(), call.toolName(), call.arguments());
        String presented = control.approvalId();
        if (presented != null) {
            return retry(call, control, presented, binding);
        }
        return desk.hold(call.callId(), call.principal().agentId(), call.principal().actingFor(), call.toolName(), binding,
                        redaction.arguments(call.tool(), call.arguments()), redaction.intent(call.intent()), call.tier().word())
                .recover(e -> Future.failedFuture(GatewayError.caused(Reason.INTERNAL_ERROR,
                        "The call needs an operator's approval, but it could not be held (approval store unavailable); it was not run", e)
                        .at(call)))
                .compose(held -> waitOrTell(call, control, held, !held.id().equals(call.callId())));
    }

    private Future<CallContext> retry(CallContext call, CallControl control, String id, String binding) {
        Approval approval = desk.find(id).orElse(null);
        if (approval == null) {
            return invalid(call, null, "There is no approval " + id + " (approvals are forgotten a day after their decision)");
        }
        if (!approval.binding().equals(binding)) {
            return invalid(call, approval, "Approval " + id + " was given for another call: the agent, the tool and the arguments "
                    + "must be exactly those of the held call");
        }
        return switch (approval.status()) {
            case PENDING -> waitOrTell(call, control, approval, false);
            case APPROVED -> run(call, approval);
            case DENIED -> denied(call, approval);
            case TIMED_OUT -> timedOut(call, approval);
            case USED -> invalid(call, approval, "Approval " + id + " was used already (by call " + approval.usedBy()
                    + "); an approval runs one call once");
            case WITHDRAWN -> invalid(call, approval, "Approval " + id + " was withdrawn: the call that waited for it was cancelled. "
                    + "Call the tool again without it to ask for a new approval");
        };
    }

    /** {@code joined}: a call repeated without the approval id that joined the pending approval of the same call. */
    private Future<CallContext> waitOrTell(CallContext call, CallControl control, Approval approval, boolean joined) {
        CallContext held = call.withApproval(trace(approval, "pending"));
        if (!control.canWait()) {
            String agentMessage = "Tool " + call.toolName() + " needs an operator's approval; "
                    + (joined ? "the same call is already held" : "the call is held") + " as approval " + approval.id() + " until "
                    + approval.expiresAt() + ". Once it is approved, call the tool again with the same arguments and "
                    + "_meta {\"jitgate/approvalId\": \"" + approval.id() + "\"}.";
            return Future.failedFuture((joined ? GatewayError.withAuditDetail(Reason.APPROVAL_PENDING, agentMessage,
                    joined(approval)) : GatewayError.of(Reason.APPROVAL_PENDING, agentMessage)).at(held));
        }
        control.holding("waiting for an operator to approve this call (approval " + approval.id() + ", until "
                + approval.expiresAt() + ")");
        Future<Approval> decision = desk.awaitDecision(approval.id());
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        control.onCancel(reason -> {
            if (context == null) {
                desk.stopWaiting(approval.id(), decision, call.principal().agentId(), reason);
            } else {
                context.runOnContext(v -> desk.stopWaiting(approval.id(), decision, call.principal().agentId(), reason));
            }
        });
        return decision
                .recover(e -> Future.failedFuture(GatewayError.withAuditDetail(Reason.APPROVAL_PENDING,
                        "The gateway stopped while the call waited; it stays held as approval " + approval.id()
                                + ": call again with _meta {\"jitgate/approvalId\": \"" + approval.id() + "\"}",
                        "released while waiting: " + e.getMessage()).at(held)))
                .compose(decided -> switch (decided.status()) {
                    case APPROVED -> control.canWait() && !control.cancelled() ? run(call, decided)
                            : Future.failedFuture(GatewayError.withAuditDetail(Reason.CANCELLED, "The agent left before the approval",
                                    "approval " + decided.id() + " granted after the agent left or cancelled; it stays usable for a retry")
                                    .at(call.withApproval(trace(decided, "approved"))));
                    case DENIED -> denied(call, decided);
                    case TIMED_OUT -> timedOut(call, decided);
                    case WITHDRAWN -> Future.failedFuture(GatewayError.withAuditDetail(Reason.CANCELLED,
                            "The call was cancelled while it waited for an operator; approval " + decided.id() + " is withdrawn",
                            "cancelled by the client while waiting for approval " + decided.id() + ", which is withdrawn: "
                                    + control.cancelReason()).at(call.withApproval(trace(decided, "withdrawn"))));
                    case PENDING -> control.cancelled()
                            ? Future.failedFuture(GatewayError.withAuditDetail(Reason.CANCELLED,
                                    "The call was cancelled while it waited for an operator",
                                    "cancelled by the client while waiting for approval " + decided.id() + ", which stays pending "
                                            + "(another call waits for it, or its withdrawal could not be saved): " + control.cancelReason())
                                    .at(held))
                            : invalid(call, decided, "Approval " + decided.id() + " is pending");
                    default -> invalid(call, decided, "Approval " + decided.id() + " is " + decided.status().word());
                });
    }

    private static String joined(Approval approval) {
        return "the same call (agent, user, tool, arguments) is pending as approval " + approval.id()
                + " (held by call " + approval.id() + "); this call joined it instead of holding a second one";
    }

    private Future<CallContext> run(CallContext call, Approval approval) {
        return desk.use(approval.id(), call.callId())
                .map(used -> call.withApproval(trace(used, "approved")))
                .recover(e -> e instanceof ApprovalDesk.Refused refused
                        ? invalid(call, approval, refused.getMessage())
                        : Future.failedFuture(GatewayError.caused(Reason.INTERNAL_ERROR,
                                "The approval could not be marked as used, so the call was not run", e).at(call)));
    }

    private Future<CallContext> denied(CallContext call, Approval approval) {
        return Future.failedFuture(GatewayError.of(Reason.APPROVAL_DENIED, "An operator denied this call of " + call.toolName()
                + (approval.comment() == null ? "" : ": " + approval.comment())).at(call.withApproval(trace(approval, "denied"))));
    }

    private Future<CallContext> timedOut(CallContext call, Approval approval) {
        return Future.failedFuture(GatewayError.of(Reason.APPROVAL_TIMED_OUT, "Nobody approved this call of " + call.toolName()
                + " before " + approval.expiresAt() + ", so it was denied").at(call.withApproval(trace(approval, "timed_out"))));
    }

    private Future<CallContext> invalid(CallContext call, Approval approval, String message) {
        CallContext at = approval == null ? call : call.withApproval(trace(approval, approval.status().word()));
        return Future.failedFuture(GatewayError.of(Reason.APPROVAL_INVALID, message).at(at));
    }

    static ApprovalTrace trace(Approval approval, String status) {
        return new ApprovalTrace(approval.id(), "operator", status, approval.decidedBy(), approval.comment(), approval.requestedAt(),
                approval.decidedAt());
    }
}
