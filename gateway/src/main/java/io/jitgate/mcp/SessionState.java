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
    private final Map<String, EventStream> streams = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong eventIds = new java.util.concurrent.atomic.AtomicLong();
    private volatile LogLevel logLevel = LogLevel.WARNING;
    private final java.util.Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile io.jitgate.auth.AgentPrincipal principal;
    private volatile io.vertx.core.json.JsonObject clientCapabilities = new io.vertx.core.json.JsonObject();
    private final ClientRequests clientRequests = new ClientRequests();

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

    /** The caller as its latest request's token named it (used to tell it of tool list changes). */
    public io.jitgate.auth.AgentPrincipal principal() {
        return principal;
    }

    public void principal(io.jitgate.auth.AgentPrincipal principal) {
        this.principal = principal;
    }

    /** The capabilities the client declared in {@code initialize} (empty when this instance did not see it). */
    public io.vertx.core.json.JsonObject clientCapabilities() {
        return clientCapabilities;
    }

    public void clientCapabilities(io.vertx.core.json.JsonObject capabilities) {
        this.clientCapabilities = capabilities == null ? new io.vertx.core.json.JsonObject() : capabilities.copy();
    }

    /**
     * Whether the client can answer {@code elicitation/create} in form mode: it declared
     * {@code elicitation} ({@code {}} or with {@code form}). A session this instance rebuilt from its
     * id alone has no capabilities, so such calls fall back to an operator's approval.
     */
    public boolean supportsElicitation() {
        return clientCapabilities.getValue("elicitation") instanceof io.vertx.core.json.JsonObject e
                && (e.isEmpty() || e.containsKey("form"));
    }

    /** The session's server-to-client requests in flight. */
    public ClientRequests clientRequests() {
        return clientRequests;
    }

    public LogLevel logLevel() {
        return logLevel;
    }

    public void logLevel(LogLevel level) {
        this.logLevel = level;
    }

    /** How many resources one session may subscribe to (templates match without end). */
    public static final int MAX_SUBSCRIPTIONS = 256;

    /**
     * Subscribes the session to updates of the resource {@code uri} ({@code resources/subscribe});
     * false if the session already holds {@value #MAX_SUBSCRIPTIONS} other subscriptions.
     */
    public boolean subscribe(String uri) {
        synchronized (subscriptions) {
            if (subscriptions.size() >= MAX_SUBSCRIPTIONS && !subscriptions.contains(uri)) {
                return false;
            }
            subscriptions.add(uri);
            return true;
        }
    }

    public void unsubscribe(String uri) {
        subscriptions.remove(uri);
    }

    /** The resources this session subscribed to. */
    public java.util.Set<String> subscriptions() {
        return java.util.Set.copyOf(subscriptions);
    }

    /** The next SSE event id of this session: unique across all of the session's streams. */
    public long nextEventId() {
        return eventIds.incrementAndGet();
    }

    /** A new answer stream for a POST. */
    public EventStream newStream() {
        forgetFinishedStreams();
        EventStream stream = new EventStream("post-" + java.util.UUID.randomUUID(), this);
        streams.put(stream.id(), stream);
        return stream;
    }

    /** The session's standalone stream (opened by GET), created on first use. */
    public EventStream standaloneStream() {
        return streams.computeIfAbsent("standalone", id -> new EventStream(id, this));
    }

    /** The stream that sent the event with this id, if this instance still keeps it. */
    public java.util.Optional<EventStream> streamOf(long eventId) {
        return streams.values().stream().filter(s -> s.holds(eventId)).findFirst();
    }

    /** The standalone stream, only if a client has opened it. */
    public java.util.Optional<EventStream> openStandaloneStream() {
        return java.util.Optional.ofNullable(streams.get("standalone"));
    }

    private void forgetFinishedStreams() {
        if (streams.size() > 32) {
            streams.entrySet().removeIf(e -> !e.getValue().canNotify() && !"standalone".equals(e.getKey()));
        }
    }

    /** Registers a call in flight under its JSON-RPC request id; false if that id is already in flight. */
    boolean track(Object requestId, CallControl control) {
        return inFlight.putIfAbsent(key(requestId), control) == null;
    }

    /** How many calls of this session are in flight. */
    public int inFlightCount() {
        return inFlight.size();
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
