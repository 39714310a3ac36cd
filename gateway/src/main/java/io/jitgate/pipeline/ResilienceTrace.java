package io.jitgate.pipeline;

import io.vertx.core.json.JsonObject;

/**
 * What the resilience guards did to one call, for its attribution record.
 *
 * @param rateLimit    {@code passed}, or the limiter that refused the call ({@code agent:<id>}, {@code tool:<name>})
 * @param vaultCircuit the Vault breaker's state when credentials were asked for (null if not reached)
 * @param awsCircuit   the AWS service breaker's name and state, e.g. {@code aws_s3:closed} (null if not reached)
 * @param bulkhead     {@code passed} or {@code full} (null if not reached)
 * @param awsAttempts  AWS attempts made (more than 1 only for idempotent tools that were retried)
 */
public record ResilienceTrace(String rateLimit, String vaultCircuit, String awsCircuit, String bulkhead, int awsAttempts) {
    public static final ResilienceTrace NONE = new ResilienceTrace(null, null, null, null, 0);

    public ResilienceTrace withRateLimit(String value) {
        return new ResilienceTrace(value, vaultCircuit, awsCircuit, bulkhead, awsAttempts);
    }

    public ResilienceTrace withVaultCircuit(String value) {
        return new ResilienceTrace(rateLimit, value, awsCircuit, bulkhead, awsAttempts);
    }

    public ResilienceTrace withAws(String circuit, String bulkheadWord, int attempts) {
        return new ResilienceTrace(rateLimit, vaultCircuit, circuit, bulkheadWord, attempts);
    }

    public JsonObject toJson() {
        return new JsonObject().put("rateLimit", rateLimit).put("vaultCircuit", vaultCircuit).put("awsCircuit", awsCircuit)
                .put("bulkhead", bulkhead).put("awsAttempts", awsAttempts);
    }
}
