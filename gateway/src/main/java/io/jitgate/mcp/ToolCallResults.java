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

    /** The JSON-RPC response for {@code id}; a successful result larger than {@code maxResultBytes} is cut. */
    public static JsonObject response(Object id, CallOutcome outcome, int maxResultBytes) {
        GatewayError error = outcome.error();
        if (error == null) {
            JsonObject result = success(outcome);
            int size = result.toBuffer().length();
            return JsonRpc.result(id, size <= maxResultBytes ? result : cut(outcome, result, size, maxResultBytes));
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

    /**
     * A result over the limit becomes an error result that says so, with the beginning of the text:
     * the model sees it was cut and can ask for less. (Structured content cannot be cut and still
     * conform to the tool's output schema, so it is left out.)
     */
    private static JsonObject cut(CallOutcome outcome, JsonObject result, int size, int limit) {
        String first = result.getJsonArray("content").getJsonObject(0).getString("text");
        String text = first == null ? "" : first;
        int keep = Math.max(0, Math.min(text.length(), limit / 2));
        String notice = "[jitgate: the result is " + size + " bytes, over the limit of " + limit
                + " bytes; it was cut. Ask for less, e.g. a narrower prefix or a smaller limit.]\n";
        return new JsonObject()
                .put("content", new JsonArray().add(text(notice + text.substring(0, keep))))
                .put("isError", true)
                .put("_meta", meta(outcome).put("jitgate/reason", "result_too_large").put("jitgate/resultBytes", size));
    }

    private static JsonObject success(CallOutcome outcome) {
        AwsCallResult aws = outcome.call().awsResult();
        if (aws != null && aws.content() != null) {
            // A local tool's own content blocks (text, image, audio, embedded resources).
            return new JsonObject().put("content", aws.content().copy()).put("isError", false).put("_meta", meta(outcome));
        }
        if (aws == null || aws.structured() == null) {
            return new JsonObject().put("content", new JsonArray().add(text("Internal error: the call produced no result")))
                    .put("isError", true).put("_meta", meta(outcome).put("jitgate/reason", "internal_error"));
        }
        JsonObject structured = aws.structured();
        JsonObject result = new JsonObject();
        JsonArray content = new JsonArray();
        if (outcome.call().tool() != null && outcome.call().tool().hasOutputSchema()) {
            content.add(text(structured.encode()));
            result.put("structuredContent", structured);
        } else {
            content.add(text(aws.text() != null ? aws.text() : structured.encode()));
        }
        return result.put("content", content).put("isError", false).put("_meta", meta(outcome));
    }

    private static JsonObject meta(CallOutcome outcome) {
        JsonObject meta = new JsonObject().put("jitgate/callId", outcome.call().callId());
        if (outcome.call().approval() != null && "operator".equals(outcome.call().approval().via())) {
            meta.put("jitgate/approvalId", outcome.call().approval().id());
        }
        return meta;
    }

    private static JsonObject text(String text) {
        return new JsonObject().put("type", "text").put("text", text);
    }
}
