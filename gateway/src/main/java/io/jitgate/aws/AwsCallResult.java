package io.jitgate.aws;

import io.vertx.core.json.JsonObject;

/**
 * What an AWS operation returned, already shaped for the agent: structured JSON, and optionally a
 * text rendering (an object's content, say). {@code requestId} is AWS's own id for the request, kept
 * in the attribution record so the call can be found in CloudTrail.
 */
public record AwsCallResult(String service, String operation, String requestId, JsonObject structured, String text) {
}
