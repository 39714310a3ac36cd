package io.jitgate.mcp;

import io.jitgate.pipeline.CallControl;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this gateway instance knows about one session: who opened it, the agreed revision, the log
 * level the client asked for, and its calls in flight (so {@code notifications/cancelled} can reach
 * them). Everything needed to accept the session again lives in its verifiable id; this state is
 * per instance and may be rebuilt.
 */
public final class SessionState {
    private final String id;
    private final String agentId;
    private final String protocolVersion;
    private final Instant createdAt;
    private final Map<String, CallControl> inFlight = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong eventIds = new java.util.concurrent.atomic.AtomicLong();
    private volatile LogLevel logLevel = LogLevel.WARNING;

    SessionState(String id, String agentId, String protocolVersion, Instant createdAt) {
        this.id = id;
        this.agentId = agentId;
        this.protocolVersion = protocolVersion;
        this.createdAt = createdAt;
    }

    public String id() {
        return id;
    }

    public String agentId() {
        return agentId;
    }

    public String protocolVersion() {
        return protocolVersion;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public LogLevel logLevel() {
        return logLevel;
    }

    public void logLevel(LogLevel level) {
        this.logLevel = level;
    }

    /** The next SSE event id of this session: unique across all of the session's streams. */
    public String nextEventId() {
        return Long.toString(eventIds.incrementAndGet());
    }

    /** Registers a call in flight under its JSON-RPC request id; false if that id is already in flight. */
    boolean track(Object requestId, CallControl control) {
        return inFlight.putIfAbsent(key(requestId), control) == null;
    }

    void untrack(Object requestId) {
        inFlight.remove(key(requestId));
    }

    /** Cancels the call in flight with this request id, if there is one. */
    boolean cancel(Object requestId, String reason) {
        CallControl control = inFlight.get(key(requestId));
        if (control == null) {
            return false;
        }
        control.cancel(reason);
        return true;
    }

    /** JSON-RPC ids 1 and "1" are different requests. */
    private static String key(Object requestId) {
        return (requestId instanceof String ? "s:" : "n:") + requestId;
    }
}
