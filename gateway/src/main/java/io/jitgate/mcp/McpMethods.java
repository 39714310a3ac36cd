package io.jitgate.mcp;

import io.jitgate.auth.AgentPrincipal;
import io.jitgate.pipeline.CallContext;
import io.jitgate.pipeline.CallControl;
import io.jitgate.pipeline.Intent;
import io.jitgate.pipeline.Phase;
import io.jitgate.pipeline.Pipeline;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The MCP methods, independent of transport: {@code ping}, {@code tools/list}, {@code tools/call},
 * {@code logging/setLevel} and the client notifications. Transports decode, authenticate and find
 * the session, then hand each message here.
 */
public final class McpMethods {
    public static final String SERVER_VERSION = "0.1.0";

    /** Who sent a message, on which session, and how to reach them while it runs. */
    public record Caller(AgentPrincipal principal, SessionState session, Notifier notifier,
            Map<Phase, Long> transportNanos, Instant received, String sourceAddress) {
        /** The same caller, reached through {@code other}. */
        public Caller withNotifier(Notifier other) {
            return new Caller(principal, session, other, transportNanos, received, sourceAddress);
        }
    }

    private final ToolLister lister;
    private final Pipeline pipeline;
    private final int maxResultBytes;

    public McpMethods(ToolLister lister, Pipeline pipeline, int maxResultBytes) {
        this.lister = lister;
        this.pipeline = pipeline;
        this.maxResultBytes = maxResultBytes;
    }

    /** The result of {@code initialize}, once the transport has agreed a revision and opened a session. */
    public static JsonObject initializeResult(String protocolVersion) {
        return new JsonObject()
                .put("protocolVersion", protocolVersion)
                .put("capabilities", new JsonObject()
                        .put("tools", new JsonObject().put("listChanged", true))
                        .put("logging", new JsonObject()))
                .put("serverInfo", new JsonObject().put("name", "jitgate").put("title", "jitgate MCP gateway")
                        .put("version", SERVER_VERSION))
                .put("instructions", "Tools act on AWS with credentials issued for each call. State why you call a tool in "
                        + "params._meta: purpose, taskId and the prompt that led to the call; writes need a purpose and a task.");
    }

    /** Answers one request (never {@code initialize}); the future always succeeds with a response. */
    public Future<JsonObject> request(McpMessage message, Caller caller) {
        try {
            return switch (message.method()) {
                case "ping" -> Future.succeededFuture(JsonRpc.result(message.id(), new JsonObject()));
                case "tools/list" -> Future.succeededFuture(JsonRpc.result(message.id(),
                        lister.list(message.id(), caller.principal(), message.params().getValue("cursor"))));
                case "tools/call" -> call(message, caller);
                case "logging/setLevel" -> setLevel(message, caller.session());
                case "server/discover" -> Future.succeededFuture(JsonRpc.result(message.id(), StatelessRevision.discover()));
                default -> Future.succeededFuture(JsonRpc.error(message.id(), JsonRpc.METHOD_NOT_FOUND,
                        "Method not found: " + message.method()));
            };
        } catch (McpMessage.Invalid invalid) {
            return Future.succeededFuture(invalid.toResponse());
        }
    }

    /**
     * Answers one request of the stateless revision 2026-07-28, which has no session: the caller's
     * session is a throw-away one for this request only.
     */
    public Future<JsonObject> statelessRequest(McpMessage message, Caller caller) {
        if (StatelessRevision.removed(message.method())) {
            return Future.succeededFuture(JsonRpc.error(message.id(), JsonRpc.METHOD_NOT_FOUND,
                    "Method not found in revision " + StatelessRevision.VERSION + ": " + message.method()));
        }
        return request(message, caller).map(StatelessRevision::complete);
    }

    /** Handles a client notification; unknown notifications are ignored, as JSON-RPC asks. */
    public void notification(McpMessage message, SessionState session) {
        if ("notifications/cancelled".equals(message.method())) {
            Object requestId = message.params().getValue("requestId");
            if (JsonRpc.validId(requestId)) {
                session.cancel(requestId, message.params().getString("reason"));
            }
        }
    }

    /**
     * Takes a client's response to a server-to-client request of {@code session} (elicitation, ...).
     * Anything but {@link ClientRequests.Acceptance#ACCEPTED} means the response was refused.
     */
    public ClientRequests.Acceptance response(McpMessage message, SessionState session) {
        return session.clientRequests().accept(message);
    }

    private Future<JsonObject> setLevel(McpMessage message, SessionState session) {
        return LogLevel.parse(message.params().getValue("level"))
                .map(level -> {
                    session.logLevel(level);
                    return Future.succeededFuture(JsonRpc.result(message.id(), new JsonObject()));
                })
                .orElseGet(() -> Future.succeededFuture(JsonRpc.error(message.id(), JsonRpc.INVALID_PARAMS,
                        "params.level must be one of debug, info, notice, warning, error, critical, alert, emergency")));
    }

    private Future<JsonObject> call(McpMessage message, Caller caller) {
        JsonObject params = message.params();
        if (!(params.getValue("name") instanceof String name)) {
            return Future.succeededFuture(JsonRpc.error(message.id(), JsonRpc.INVALID_PARAMS, "tools/call needs params.name (a string)"));
        }
        Object arguments = params.getValue("arguments");
        if (arguments != null && !(arguments instanceof JsonObject)) {
            return Future.succeededFuture(JsonRpc.error(message.id(), JsonRpc.INVALID_PARAMS, "params.arguments must be an object"));
        }
        JsonObject meta = params.getValue("_meta") instanceof JsonObject m ? m : null;
        CallContext call = CallContext.received(UUID.randomUUID().toString(), caller.received(), caller.session().id(),
                caller.sourceAddress(), caller.principal(), name, arguments == null ? new JsonObject() : (JsonObject) arguments,
                Intent.fromMeta(meta));
        Reporter control = new Reporter(caller, meta == null ? null : meta.getValue("progressToken"), pipeline.phases(),
                meta != null && meta.getValue("jitgate/approvalId") instanceof String id && !id.isBlank() ? id : null);
        if (!caller.session().track(message.id(), control)) {
            return Future.succeededFuture(JsonRpc.error(message.id(), JsonRpc.INVALID_REQUEST,
                    "A request with id " + message.id() + " is already in flight in this session"));
        }
        return pipeline.run(call, caller.transportNanos(), control)
                .onComplete(done -> caller.session().untrack(message.id()))
                .map(outcome -> ToolCallResults.response(message.id(), outcome, maxResultBytes));
    }

    /** Streams progress (when the client sent a progress token) and log messages while a call runs. */
    private static final class Reporter extends CallControl {
        private final Caller caller;
        private final Object progressToken;
        private final List<Phase> phases;

        private final String approvalId;

        Reporter(Caller caller, Object progressToken, List<Phase> phases, String approvalId) {
            this.caller = caller;
            this.progressToken = progressToken;
            this.phases = phases;
            this.approvalId = approvalId;
        }

        private boolean hasProgressToken() {
            return progressToken instanceof String || progressToken instanceof Number;
        }

        private boolean streamOpen() {
            return caller.notifier().canNotify() && caller.notifier().connected();
        }

        @Override
        public boolean canWait() {
            return hasProgressToken() && streamOpen();
        }

        @Override
        public void holding(String message) {
            if (hasProgressToken() && streamOpen()) {
                caller.notifier().notify(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/progress")
                        .put("params", new JsonObject().put("progressToken", progressToken)
                                .put("progress", phases.indexOf(Phase.APPROVE)).put("total", phases.size()).put("message", message)));
            }
        }

        @Override
        public String approvalId() {
            return approvalId;
        }

        @Override
        public java.util.Optional<UserConfirmation> userConfirmation() {
            if (!caller.session().supportsElicitation() || !caller.notifier().openStream() || !streamOpen()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of((message, timeout) -> caller.session().clientRequests()
                    .send(caller.notifier(), "elicitation/create", new JsonObject().put("message", message)
                            .put("requestedSchema", new JsonObject().put("type", "object").put("properties", new JsonObject())), timeout)
                    .map(result -> result.getValue("action") instanceof String action ? action : "cancel"));
        }

        @Override
        protected void stageStarting(Phase phase, CallContext call) {
            if (!caller.notifier().canNotify()) {
                return;
            }
            if (progressToken instanceof String || progressToken instanceof Number) {
                caller.notifier().notify(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/progress")
                        .put("params", new JsonObject().put("progressToken", progressToken)
                                .put("progress", phases.indexOf(phase)).put("total", phases.size())
                                .put("message", phase.word())));
            }
            if (caller.session().logLevel().compareTo(LogLevel.INFO) <= 0) {
                caller.notifier().notify(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/message")
                        .put("params", new JsonObject().put("level", "info").put("logger", "jitgate")
                                .put("data", new JsonObject().put("callId", call.callId()).put("stage", phase.word()))));
            }
        }
    }
}
