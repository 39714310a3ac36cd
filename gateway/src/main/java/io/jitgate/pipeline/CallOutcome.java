package io.jitgate.pipeline;

import java.util.EnumMap;
import java.util.Map;

/**
 * How a call ended: the context as far as it got (credentials already dropped), the error if it
 * failed, and how long each stage took in nanoseconds.
 */
public record CallOutcome(CallContext call, GatewayError error, Map<Phase, Long> stageNanos, long totalNanos) {
    public CallOutcome {
        stageNanos = java.util.Collections.unmodifiableMap(new EnumMap<>(stageNanos));
    }

    public boolean succeeded() {
        return error == null;
    }

    public Reason reason() {
        return error == null ? Reason.OK : error.reason();
    }
}
