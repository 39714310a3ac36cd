package io.jitgate.aws;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the execute stage produced, already shaped for the agent. For an AWS operation: structured
 * JSON and optionally a text rendering (an object's content, say); {@code requestId} is AWS's own
 * id for the request, kept in the attribution record so the call can be found in CloudTrail. For a
 * local tool ({@code service} is {@code local}): its MCP content blocks in {@code content}.
 */
public record AwsCallResult(String service, String operation, String requestId, JsonObject structured, String text,
        JsonArray content) {

    /** The result of an AWS operation. */
    public AwsCallResult(String service, String operation, String requestId, JsonObject structured, String text) {
        this(service, operation, requestId, structured, text, null);
    }

    /** The result of the local tool handler {@code handler}. */
    public static AwsCallResult local(String handler, JsonArray content) {
        return new AwsCallResult("local", handler, null, null, null, content);
    }
}
