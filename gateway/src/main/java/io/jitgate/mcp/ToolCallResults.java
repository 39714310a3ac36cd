package io.jitgate.mcp;

import io.jitgate.aws.AwsCallResult;
import io.jitgate.pipeline.CallOutcome;
import io.jitgate.pipeline.GatewayError;
import io.jitgate.pipeline.Reason;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The one place that turns a call's outcome into what the agent receives. Protocol-level problems
 * (an unknown tool, and a policy denial, which must look the same) are JSON-RPC errors; everything
 * else is a tool result, with {@code isError: true} and the reason word when the call failed, so the
 * model can read it and correct itself.
 */
public final class ToolCallResults {
    private ToolCallResults() {
    }

    /** The JSON-RPC response for {@code id}. */
    public static JsonObject response(Object id, CallOutcome outcome) {
        GatewayError error = outcome.error();
        if (error == null) {
            return JsonRpc.result(id, success(outcome));
        }
        Reason reason = error.reason();
        if (reason == Reason.UNKNOWN_TOOL || reason == Reason.POLICY_DENIED || reason == Reason.POLICY_ERROR) {
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, error.getMessage());
        }
        JsonObject result = new JsonObject()
                .put("content", new JsonArray().add(text(error.getMessage())))
                .put("isError", true)
                .put("_meta", meta(outcome).put("jitgate/reason", reason.word()));
        return JsonRpc.result(id, result);
    }

    private static JsonObject success(CallOutcome outcome) {
        AwsCallResult aws = outcome.call().awsResult();
        JsonObject structured = aws.structured();
        JsonObject result = new JsonObject();
        JsonArray content = new JsonArray();
        if (outcome.call().tool().hasOutputSchema()) {
            content.add(text(structured.encode()));
            result.put("structuredContent", structured);
        } else {
            content.add(text(aws.text() != null ? aws.text() : structured.encode()));
        }
        return result.put("content", content).put("isError", false).put("_meta", meta(outcome));
    }

    private static JsonObject meta(CallOutcome outcome) {
        return new JsonObject().put("jitgate/callId", outcome.call().callId());
    }

    private static JsonObject text(String text) {
        return new JsonObject().put("type", "text").put("text", text);
    }
}
