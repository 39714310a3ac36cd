package io.jitgate.config;

import io.jitgate.resilience.ResilienceSettings;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the optional {@code resilience} section of the configuration; every field has a default
 * ({@link ResilienceSettings#DEFAULTS}):
 *
 * <pre>{@code
 * "resilience": {
 *   "circuitBreaker": {"failureRateThreshold": 50, "minimumCalls": 5, "slidingWindowSize": 20, "waitInOpen": "PT5S", "probeCalls": 2},
 *   "retry":          {"maxAttempts": 3, "initialBackoff": "PT0.1S", "multiplier": 2.0, "jitter": 0.5},
 *   "rateLimit":      {"perAgent": {"limit": 50, "period": "PT1S"}, "perTool": {"limit": 200, "period": "PT1S"}},
 *   "maxConcurrent":  64,
 *   "tools": {"s3_write_object": {"timeout": "PT5S", "maxConcurrent": 4, "rateLimit": {"limit": 5, "period": "PT1S"}}}
 * }
 * }</pre>
 */
final class ResilienceConfig {
    private ResilienceConfig() {
    }

    static ResilienceSettings parse(JsonObject json) {
        ResilienceSettings d = ResilienceSettings.DEFAULTS;
        JsonObject cb = json.getJsonObject("circuitBreaker", new JsonObject());
        JsonObject retry = json.getJsonObject("retry", new JsonObject());
        JsonObject limits = json.getJsonObject("rateLimit", new JsonObject());
        ResilienceSettings.Breaker breaker = new ResilienceSettings.Breaker(
                cb.getFloat("failureRateThreshold", d.circuitBreaker().failureRateThreshold()),
                cb.getInteger("minimumCalls", d.circuitBreaker().minimumCalls()),
                cb.getInteger("slidingWindowSize", d.circuitBreaker().slidingWindowSize()),
                ConfigLoader.duration(cb, "resilience.circuitBreaker", "waitInOpen", d.circuitBreaker().waitInOpen().toString()),
                cb.getInteger("probeCalls", d.circuitBreaker().probeCalls()));
        ResilienceSettings.Retry retries = new ResilienceSettings.Retry(
                retry.getInteger("maxAttempts", d.retry().maxAttempts()),
                ConfigLoader.duration(retry, "resilience.retry", "initialBackoff", d.retry().initialBackoff().toString()),
                retry.getDouble("multiplier", d.retry().multiplier()),
                retry.getDouble("jitter", d.retry().jitter()));
        Map<String, ResilienceSettings.ToolOverride> tools = new LinkedHashMap<>();
        json.getJsonObject("tools", new JsonObject()).forEach(e -> {
            JsonObject t = (JsonObject) e.getValue();
            tools.put(e.getKey(), new ResilienceSettings.ToolOverride(
                    t.getString("timeout") == null ? null : ConfigLoader.duration(t, "resilience.tools." + e.getKey(), "timeout", null),
                    t.getInteger("maxConcurrent"),
                    t.getJsonObject("rateLimit") == null ? null : limit(t.getJsonObject("rateLimit"), null)));
        });
        return new ResilienceSettings(breaker, retries,
                limit(limits.getJsonObject("perAgent"), d.perAgent()),
                limit(limits.getJsonObject("perTool"), d.perTool()),
                json.getInteger("maxConcurrent", d.maxConcurrent()),
                tools);
    }

    private static ResilienceSettings.Limit limit(JsonObject json, ResilienceSettings.Limit fallback) {
        if (json == null) {
            return fallback;
        }
        return new ResilienceSettings.Limit(json.getInteger("limit", fallback == null ? 0 : fallback.limit()),
                ConfigLoader.duration(json, "resilience.rateLimit", "period", fallback == null ? "PT1S" : fallback.period().toString()));
    }
}
