package io.jitgate.mcp;

import io.jitgate.audit.AuditSink;
import io.jitgate.auth.AgentPrincipal;
import io.jitgate.auth.AuthenticationFailed;
import io.jitgate.auth.JwtAgentAuthenticator;
import io.jitgate.pipeline.AuditRecords;
import io.jitgate.pipeline.Phase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MCP over Streamable HTTP at one path. Each POST is decoded, its bearer token verified, its session
 * checked, and its message(s) handed to {@link McpMethods}. A {@code tools/call} that carries a
 * progress token is answered as an SSE stream (progress, then the result) when the client accepts
 * one; everything else as JSON. JSON-RPC batches are accepted on 2025-03-26 sessions only.
 */
public final class McpHttpEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(McpHttpEndpoint.class);
    public static final String SESSION_HEADER = "Mcp-Session-Id";
    public static final String VERSION_HEADER = "MCP-Protocol-Version";
    static final String METADATA_PATH = "/.well-known/oauth-protected-resource";
    /** The reconnection delay a priming event asks of a client whose stream dropped (SSE {@code retry}). */
    static final long RECONNECT_MILLIS = 500;
    private static final Map<String, String> REQUIRED_SCOPES = Map.of("tools/list", "tools:list", "tools/call", "tools:call");

    /** The HTTP settings the endpoint needs. */
    public record Settings(String path, String canonicalUrl, String issuer, long maxBodyBytes, List<String> allowedOrigins,
            boolean enforceScopes) {
    }

    private final Settings settings;
    private final JwtAgentAuthenticator authenticator;
    private final SessionRegistry sessions;
    private final McpMethods methods;
    private final AuditSink audit;

    public McpHttpEndpoint(Settings settings, JwtAgentAuthenticator authenticator, SessionRegistry sessions, McpMethods methods,
            AuditSink audit) {
        this.settings = settings;
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.methods = methods;
        this.audit = audit;
    }

    public void mount(Router router) {
        String path = settings.path();
        router.route(path).handler(this::checkOrigin);
        router.route(path).handler(CorsHandler.create()
                .addOrigins(settings.allowedOrigins())
                .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE, HttpMethod.OPTIONS))
                .allowedHeaders(Set.of("Content-Type", "Accept", "Authorization", SESSION_HEADER, VERSION_HEADER, "Last-Event-ID"))
                .exposedHeaders(Set.of(SESSION_HEADER, "WWW-Authenticate")));
        router.post(path).handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()))
                .handler(this::post)
                .failureHandler(this::failure);
        router.delete(path).handler(this::delete);
        router.get(path).handler(this::get);
        router.route(path).handler(ctx -> ctx.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET, POST, DELETE").end());
        router.get(METADATA_PATH).handler(this::metadata);
        router.get(METADATA_PATH + path).handler(this::metadata);
    }

    /** RFC 9728 Protected Resource Metadata: which authorization server issues tokens for this gateway. */
    private void metadata(RoutingContext ctx) {
        JsonObject body = new JsonObject()
                .put("resource", settings.canonicalUrl())
                .put("authorization_servers", new JsonArray().add(settings.issuer()))
                .put("bearer_methods_supported", new JsonArray().add("header"))
                .put("scopes_supported", new JsonArray().add("tools:list").add("tools:call"))
                .put("resource_name", "jitgate MCP gateway");
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.toBuffer());
    }

    private String resourceMetadataUrl() {
        String canonical = settings.canonicalUrl();
        int pathStart = canonical.indexOf('/', canonical.indexOf("//") + 2);
        String origin = pathStart < 0 ? canonical : canonical.substring(0, pathStart);
        return origin + METADATA_PATH + settings.path();
    }

    private void checkOrigin(RoutingContext ctx) {
        String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !settings.allowedOrigins().contains(origin)) {
            replyJson(ctx, 403, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Origin " + origin + " is not allowed"));
            return;
        }
        ctx.next();
    }

    private void failure(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            replyJson(ctx, 413, JsonRpc.error(null, JsonRpc.INVALID_REQUEST,
                    "Request body is larger than " + settings.maxBodyBytes() + " bytes"));
            return;
        }
        LOG.error("unexpected failure serving {}", settings.path(), ctx.failure());
        replyJson(ctx, 500, JsonRpc.error(null, JsonRpc.INTERNAL_ERROR, "Internal error"));
    }

    private void post(RoutingContext ctx) {
        long decodeStart = System.nanoTime();
        Instant received = Instant.now();
        Buffer body = ctx.body().buffer();
        Object decoded;
        try {
            decoded = body == null ? null : Json.decodeValue(body);
        } catch (DecodeException e) {
            boolean tooDeep = String.valueOf(e.getMessage()).contains("nesting depth");
            replyJson(ctx, 400, JsonRpc.error(null, JsonRpc.PARSE_ERROR, tooDeep
                    ? "Parse error: the JSON is nested too deeply" : "Parse error: the body is not valid JSON"));
            return;
        }
        List<McpMessage> messages = new ArrayList<>();
        boolean batch = decoded instanceof JsonArray;
        try {
            if (batch) {
                JsonArray array = (JsonArray) decoded;
                if (array.isEmpty()) {
                    throw new McpMessage.Invalid(null, JsonRpc.INVALID_REQUEST, "An empty batch is not a request");
                }
                for (Object element : array) {
                    messages.add(McpMessage.parse(element instanceof JsonArray ? "nested" : element));
                }
            } else {
                messages.add(McpMessage.parse(decoded));
            }
        } catch (McpMessage.Invalid invalid) {
            replyJson(ctx, 400, invalid.toResponse());
            return;
        }
        long decodeNanos = System.nanoTime() - decodeStart;
        long authStart = System.nanoTime();
        authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)).onComplete(auth -> {
            if (auth.failed()) {
                rejectUnauthenticated(ctx, messages, received, auth.cause());
                return;
            }
            Map<Phase, Long> transport = new EnumMap<>(Phase.class);
            transport.put(Phase.DECODE, decodeNanos);
            transport.put(Phase.AUTHENTICATE, System.nanoTime() - authStart);
            dispatch(ctx, messages, batch, auth.result(), transport, received);
        });
    }

    private void dispatch(RoutingContext ctx, List<McpMessage> messages, boolean batch, AgentPrincipal principal,
            Map<Phase, Long> transport, Instant received) {
        for (McpMessage message : messages) {
            String scope = message.method() == null ? null : REQUIRED_SCOPES.get(message.method());
            if (settings.enforceScopes() && scope != null && !principal.scopes().contains(scope)) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + scope
                        + "\", resource_metadata=\"" + resourceMetadataUrl() + "\"");
                replyJson(ctx, 403, JsonRpc.error(message.id(), JsonRpc.INVALID_REQUEST, "Forbidden: the token lacks scope " + scope));
                return;
            }
        }
        McpMessage first = messages.get(0);
        if (!batch && "initialize".equals(first.method())) {
            initialize(ctx, first, principal);
            return;
        }
        String sessionId = ctx.request().getHeader(SESSION_HEADER);
        if (sessionId == null && !batch && StatelessRevision.requested(first)) {
            stateless(ctx, first, principal, transport, received);
            return;
        }
        if (sessionId == null) {
            replyJson(ctx, 400, JsonRpc.error(first.id(), JsonRpc.INVALID_REQUEST, "Missing " + SESSION_HEADER + " header: initialize first"));
            return;
        }
        SessionState session = sessions.find(sessionId, principal.agentId()).orElse(null);
        if (session == null) {
            replyJson(ctx, 404, JsonRpc.error(first.id(), JsonRpc.INVALID_REQUEST, "Session not found: initialize a new session"));
            return;
        }
        String version = ctx.request().getHeader(VERSION_HEADER);
        if (version != null && !ProtocolVersions.supported(version)) {
            replyJson(ctx, 400, JsonRpc.error(first.id(), JsonRpc.INVALID_REQUEST, "Unsupported " + VERSION_HEADER + ": " + version));
            return;
        }
        session.principal(principal);
        String source = source(ctx);
        if (batch) {
            batch(ctx, messages, new McpMethods.Caller(principal, session, Notifier.NONE, transport, received, source));
            return;
        }
        if (!first.isRequest()) {
            if (first.kind() == McpMessage.Kind.NOTIFICATION) {
                methods.notification(first, session);
            } else if (first.kind() == McpMessage.Kind.RESPONSE) {
                ClientRequests.Acceptance accepted = methods.response(first, session);
                if (accepted != ClientRequests.Acceptance.ACCEPTED) {
                    replyJson(ctx, 400, JsonRpc.error(first.id(), JsonRpc.INVALID_REQUEST, accepted == ClientRequests.Acceptance.UNKNOWN_ID
                            ? "No request with id " + first.id() + " was sent to this session"
                            : "The request with id " + first.id() + " was answered already or is no longer awaited"));
                    return;
                }
            }
            ctx.response().setStatusCode(202).end();
            return;
        }
        if ("initialize".equals(first.method())) {
            replyJson(ctx, 400, JsonRpc.error(first.id(), JsonRpc.INVALID_REQUEST, "This session is already initialized"));
            return;
        }
        answer(ctx, first, new McpMethods.Caller(principal, session, Notifier.NONE, transport, received, source), methods::request);
    }

    /** Answers one request as an SSE stream when the client asked for progress and accepts one, else as JSON. */
    private void answer(RoutingContext ctx, McpMessage message, McpMethods.Caller caller,
            java.util.function.BiFunction<McpMessage, McpMethods.Caller, Future<JsonObject>> handler) {
        if (wantsStream(ctx, message, caller.principal())) {
            EventStream stream = caller.session().newStream();
            stream.attach(ctx.response());
            if (ProtocolVersions.primesStreams(caller.session().protocolVersion())) {
                stream.prime(RECONNECT_MILLIS);
            }
            handler.apply(message, caller.withNotifier(stream)).onComplete(done -> stream.finish(done.result()));
            return;
        }
        if (mayNeedStream(ctx, message, caller.session())) {
            LateEventStream late = new LateEventStream(caller.session(), ctx.response());
            handler.apply(message, caller.withNotifier(late)).onComplete(done -> {
                if (!late.finish(done.result())) {
                    replyJson(ctx, 200, done.result());
                }
            });
            return;
        }
        handler.apply(message, caller).onComplete(done -> replyJson(ctx, 200, done.result()));
    }

    private static String source(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    }

    /** A request of the stateless revision 2026-07-28: no session, everything in the request. */
    private void stateless(RoutingContext ctx, McpMessage message, AgentPrincipal principal, Map<Phase, Long> transport, Instant received) {
        String problem = StatelessRevision.problem(message, ctx.request().getHeader(VERSION_HEADER));
        if (problem != null) {
            replyJson(ctx, 400, JsonRpc.error(message.id(), JsonRpc.INVALID_REQUEST, problem));
            return;
        }
        if (!message.isRequest()) {
            ctx.response().setStatusCode(202).end();
            return;
        }
        SessionState once = sessions.ephemeral(principal.agentId());
        once.principal(principal);
        answer(ctx, message, new McpMethods.Caller(principal, once, Notifier.NONE, transport, received, source(ctx)),
                methods::statelessRequest);
    }

    /** A batch (2025-03-26 sessions only): every request is answered in one JSON array. */
    private void batch(RoutingContext ctx, List<McpMessage> messages, McpMethods.Caller caller) {
        if (!"2025-03-26".equals(caller.session().protocolVersion())) {
            replyJson(ctx, 400, JsonRpc.error(null, JsonRpc.INVALID_REQUEST,
                    "JSON-RPC batches are accepted only on sessions of protocol revision 2025-03-26"));
            return;
        }
        List<Future<JsonObject>> answers = new ArrayList<>();
        for (McpMessage message : messages) {
            if ("initialize".equals(message.method())) {
                answers.add(Future.succeededFuture(JsonRpc.error(message.id(), JsonRpc.INVALID_REQUEST,
                        "initialize must not be part of a batch")));
            } else if (message.isRequest()) {
                answers.add(methods.request(message, caller));
            } else if (message.kind() == McpMessage.Kind.NOTIFICATION) {
                methods.notification(message, caller.session());
            }
        }
        if (answers.isEmpty()) {
            ctx.response().setStatusCode(202).end();
            return;
        }
        Future.join(answers).onComplete(done -> {
            JsonArray out = new JsonArray();
            answers.forEach(a -> out.add(a.result()));
            if (!ctx.response().ended() && !ctx.response().closed()) {
                ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(out.toBuffer());
            }
        });
    }

    private boolean wantsStream(RoutingContext ctx, McpMessage message, AgentPrincipal principal) {
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains("text/event-stream") && methods.streamsAnswer(message, principal);
    }

    /**
     * A {@code tools/call} of a client that accepts SSE and declared elicitation: answered as JSON,
     * unless the gateway has to ask the client's user something first (tier {@code confirm}); then
     * the answer becomes an SSE stream carrying that request ({@link LateEventStream}).
     */
    private static boolean mayNeedStream(RoutingContext ctx, McpMessage message, SessionState session) {
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains("text/event-stream") && "tools/call".equals(message.method())
                && session.supportsElicitation();
    }

    private void initialize(RoutingContext ctx, McpMessage message, AgentPrincipal principal) {
        if (!message.isRequest()) {
            ctx.response().setStatusCode(202).end();
            return;
        }
        String requested = message.params().getValue("protocolVersion") instanceof String s ? s : null;
        if (requested == null) {
            replyJson(ctx, 400, JsonRpc.error(message.id(), JsonRpc.INVALID_PARAMS, "initialize needs params.protocolVersion"));
            return;
        }
        String agreed = ProtocolVersions.negotiate(requested);
        SessionState session = sessions.open(principal.agentId(), agreed);
        session.principal(principal);
        session.clientCapabilities(message.params().getValue("capabilities") instanceof JsonObject c ? c : null);
        ctx.response().putHeader(SESSION_HEADER, session.id());
        replyJson(ctx, 200, JsonRpc.result(message.id(), methods.initialize(agreed)));
    }

    private void rejectUnauthenticated(RoutingContext ctx, List<McpMessage> messages, Instant received, Throwable cause) {
        AuthenticationFailed failed = cause instanceof AuthenticationFailed f ? f : new AuthenticationFailed("invalid_token", "token is invalid");
        Object id = messages.size() == 1 ? messages.get(0).id() : null;
        Runnable answer = () -> {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"jitgate\", error=\"" + failed.oauthError()
                    + "\", error_description=\"" + failed.getMessage() + "\", resource_metadata=\"" + resourceMetadataUrl() + "\"");
            replyJson(ctx, 401, JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "Unauthorized: " + failed.getMessage()));
        };
        List<Future<Void>> records = new ArrayList<>();
        String source = source(ctx);
        for (McpMessage message : messages) {
            if ("tools/call".equals(message.method())) {
                records.add(audit.append(AuditRecords.unauthenticated(UUID.randomUUID().toString(), received, source,
                        message.params().getValue("name") instanceof String n ? n : null, failed.getMessage())));
            }
        }
        Future.join(records).onComplete(written -> answer.run());
    }

    /**
     * GET opens the session's standalone SSE stream (tool list changes arrive there), or, with
     * {@code Last-Event-ID}, resumes the stream that event belongs to: the client gets what it
     * missed on that stream only, and what follows.
     */
    private void get(RoutingContext ctx) {
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        if (accept == null || !accept.contains("text/event-stream")) {
            ctx.response().setStatusCode(406).end();
            return;
        }
        authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)).onComplete(auth -> {
            if (auth.failed()) {
                rejectUnauthenticated(ctx, List.of(), Instant.now(), auth.cause());
                return;
            }
            String sessionId = ctx.request().getHeader(SESSION_HEADER);
            if (sessionId == null) {
                replyJson(ctx, 400, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Missing " + SESSION_HEADER + " header"));
                return;
            }
            SessionState session = sessions.find(sessionId, auth.result().agentId()).orElse(null);
            if (session == null) {
                replyJson(ctx, 404, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Session not found"));
                return;
            }
            session.principal(auth.result());
            String lastEventId = ctx.request().getHeader("Last-Event-ID");
            if (lastEventId == null) {
                session.standaloneStream().attach(ctx.response());
                return;
            }
            long last;
            try {
                last = Long.parseLong(lastEventId.trim());
            } catch (NumberFormatException e) {
                replyJson(ctx, 400, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Last-Event-ID must be an event id of this session"));
                return;
            }
            EventStream stream = session.streamOf(last).orElse(null);
            if (stream == null) {
                replyJson(ctx, 404, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "No stream of this session holds event " + last));
                return;
            }
            stream.attach(ctx.response());
            stream.replayAfter(last);
        });
    }

    private void delete(RoutingContext ctx) {
        authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)).onComplete(auth -> {
            if (auth.failed()) {
                rejectUnauthenticated(ctx, List.of(), Instant.now(), auth.cause());
                return;
            }
            String sessionId = ctx.request().getHeader(SESSION_HEADER);
            if (sessionId == null) {
                replyJson(ctx, 400, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Missing " + SESSION_HEADER + " header"));
            } else if (sessions.close(sessionId, auth.result().agentId())) {
                ctx.response().setStatusCode(204).end();
            } else {
                replyJson(ctx, 404, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Session not found"));
            }
        });
    }

    static void replyJson(RoutingContext ctx, int status, JsonObject body) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.toBuffer());
    }
}
