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
 * {@code logging/setLevel}, the resources, prompts and completion methods of the {@link ServerFeatures}
 * offered, and the client notifications. Transports decode, authenticate and find the session, then
 * hand each message here.
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
    private final ServerFeatures features;
    private final ResourceMethods resources;
    private final PromptMethods prompts;
    private final CompletionMethod completion;

    /** Methods serving tools only. */
    public McpMethods(ToolLister lister, Pipeline pipeline, int maxResultBytes) {
        this(lister, pipeline, maxResultBytes, ServerFeatures.NONE, null);
    }

    /** Methods serving tools and {@code features}; reads of resources and prompts are recorded in {@code audit}. */
    public McpMethods(ToolLister lister, Pipeline pipeline, int maxResultBytes, ServerFeatures features,
            io.jitgate.audit.AuditSink audit) {
        this.lister = lister;
        this.pipeline = pipeline;
        this.maxResultBytes = maxResultBytes;
        this.features = features;
        ContentReadRecords records = new ContentReadRecords(audit);
        this.resources = new ResourceMethods(features.resources(), records);
        this.prompts = new PromptMethods(features.prompts(), records);
        this.completion = new CompletionMethod(features);
    }

    /** The result of {@code initialize} for this gateway: tools, logging and the features offered. */
    public JsonObject initialize(String protocolVersion) {
        JsonObject result = initializeResult(protocolVersion);
        features.addCapabilities(result.getJsonObject("capabilities"));
        return result;
    }

    /**
     * True if the answer to {@code message} should be an SSE stream (when the client accepts one): a
     * {@code tools/call} that carries a progress token, or whose tool talks to its client while it runs.
     */
    public boolean streamsAnswer(McpMessage message, AgentPrincipal principal) {
        if (!"tools/call".equals(message.method())) {
            return false;
        }
        JsonObject meta = message.params().getValue("_meta") instanceof JsonObject m ? m : null;
        if (meta != null && meta.containsKey("progressToken")) {
            return true;
        }
        return message.params().getValue("name") instanceof String name
                && lister.visibleWith(name, principal, io.jitgate.tools.ToolDefinition::streams);
    }

    /** The result of {@code initialize} with the tools and logging capabilities only. */
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
                case "server/discover" -> {
                    JsonObject discovered = StatelessRevision.discover();
                    features.addCapabilities(discovered.getJsonObject("capabilities"));
                    yield Future.succeededFuture(JsonRpc.result(message.id(), discovered));
                }
                case "resources/list", "resources/templates/list", "resources/read", "resources/subscribe",
                        "resources/unsubscribe" -> features.offersResources() ? resource(message, caller) : notFound(message);
                case "prompts/list" -> features.offersPrompts() ? Future.succeededFuture(prompts.list(message)) : notFound(message);
                case "prompts/get" -> features.offersPrompts() ? prompts.get(message, caller) : notFound(message);
                case "completion/complete" -> features.offersResources() || features.offersPrompts()
                        ? Future.succeededFuture(completion.complete(message)) : notFound(message);
                default -> notFound(message);
            };
        } catch (McpMessage.Invalid invalid) {
            return Future.succeededFuture(invalid.toResponse());
        }
    }

    private Future<JsonObject> resource(McpMessage message, Caller caller) {
        return switch (message.method()) {
            case "resources/list" -> Future.succeededFuture(resources.list(message));
            case "resources/templates/list" -> Future.succeededFuture(resources.templates(message));
            case "resources/read" -> resources.read(message, caller);
            case "resources/subscribe" -> Future.succeededFuture(resources.subscribe(message, caller.session(), true));
            default -> Future.succeededFuture(resources.subscribe(message, caller.session(), false));
        };
    }

    private static Future<JsonObject> notFound(McpMessage message) {
        return Future.succeededFuture(JsonRpc.error(message.id(), JsonRpc.METHOD_NOT_FOUND, "Method not found: " + message.method()));
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
        boolean toolReportsProgress = lister.visibleWith(name, caller.principal(), io.jitgate.tools.ToolDefinition::reportsProgress);
        Reporter control = new Reporter(caller, meta == null ? null : meta.getValue("progressToken"), pipeline.phases(),
                !toolReportsProgress, meta != null && meta.getValue("jitgate/approvalId") instanceof String id && !id.isBlank() ? id : null);
        if (!caller.session().track(message.id(), control)) {
            return Future.succeededFuture(JsonRpc.error(message.id(), JsonRpc.INVALID_REQUEST,
                    "A request with id " + message.id() + " is already in flight in this session"));
        }
        return pipeline.run(call, caller.transportNanos(), control)
                .onComplete(done -> {
                    caller.session().untrack(message.id());
                    control.ended();
                })
                .map(outcome -> ToolCallResults.response(message.id(), outcome, maxResultBytes));
    }

    /**
     * Streams progress (when the client sent a progress token) and log messages while a call runs:
     * one progress step per stage, unless the tool reports its own progress, and what a local tool
     * sends through {@link #client()}.
     */
    private static final class Reporter extends CallControl implements io.jitgate.pipeline.ClientChannel {
        private final Caller caller;
        private final Object progressToken;
        private final List<Phase> phases;
        private final boolean stageProgress;
        private final String approvalId;
        private final CallClientRequests requests;

        Reporter(Caller caller, Object progressToken, List<Phase> phases, boolean stageProgress, String approvalId) {
            this.caller = caller;
            this.progressToken = progressToken;
            this.phases = phases;
            this.stageProgress = stageProgress;
            this.approvalId = approvalId;
            this.requests = new CallClientRequests(caller.session(), caller.notifier());
        }

        @Override
        public Future<JsonObject> request(String method, JsonObject params, java.time.Duration timeout) {
            return requests.request(method, params, timeout);
        }

        @Override
        public void cancel(String reason) {
            super.cancel(reason);
            requests.close("the call was cancelled: " + cancelReason());
        }

        /** The call has its answer: what it still waits for from the client is given up on. */
        void ended() {
            requests.close("the call ended");
        }

        @Override
        public io.jitgate.pipeline.ClientChannel client() {
            return this;
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
        public void log(String level, Object data) {
            LogLevel wanted = LogLevel.parse(level).orElse(LogLevel.INFO);
            if (caller.notifier().canNotify() && caller.session().logLevel().compareTo(wanted) <= 0) {
                caller.notifier().notify(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/message")
                        .put("params", new JsonObject().put("level", wanted.word()).put("logger", "jitgate").put("data", data)));
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
        public void progress(double progress, Double total, String message) {
            if (!caller.notifier().canNotify() || !hasProgressToken()) {
                return;
            }
            JsonObject params = new JsonObject().put("progressToken", progressToken).put("progress", number(progress));
            if (total != null) {
                params.put("total", number(total));
            }
            if (message != null) {
                params.put("message", message);
            }
            caller.notifier().notify(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/progress").put("params", params));
        }

        private static Number number(double value) {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Number) (long) value : (Number) value;
        }

        @Override
        public void releaseConnection() {
            caller.notifier().releaseConnection();
        }

        @Override
        protected void stageStarting(Phase phase, CallContext call) {
            if (!caller.notifier().canNotify()) {
                return;
            }
            if (stageProgress && hasProgressToken()) {
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
