package io.jitgate.mcp;

import io.jitgate.audit.AuditSink;
import io.jitgate.auth.AgentPrincipal;
import io.jitgate.auth.AuthenticationFailed;
import io.jitgate.auth.JwtAgentAuthenticator;
import io.jitgate.pipeline.AuditRecords;
import io.jitgate.pipeline.CallContext;
import io.jitgate.pipeline.Intent;
import io.jitgate.pipeline.Phase;
import io.jitgate.pipeline.Pipeline;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MCP over Streamable HTTP at one path (plain JSON responses). Each POST is decoded, its bearer
 * token verified, its session checked, and then dispatched: {@code initialize}, {@code ping},
 * {@code tools/list}, {@code tools/call}, and notifications (202, no body).
 */
public final class McpHttpEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(McpHttpEndpoint.class);
    public static final String SESSION_HEADER = "Mcp-Session-Id";
    public static final String VERSION_HEADER = "MCP-Protocol-Version";
    private static final String VERSION = "0.1.0";

    private final String path;
    private final long maxBodyBytes;
    private final List<String> allowedOrigins;
    private final JwtAgentAuthenticator authenticator;
    private final SessionRegistry sessions;
    private final ToolLister lister;
    private final Pipeline pipeline;
    private final AuditSink audit;
    private final String resourceUrl;

    public McpHttpEndpoint(String path, long maxBodyBytes, List<String> allowedOrigins, JwtAgentAuthenticator authenticator,
            SessionRegistry sessions, ToolLister lister, Pipeline pipeline, AuditSink audit, String resourceUrl) {
        this.path = path;
        this.maxBodyBytes = maxBodyBytes;
        this.allowedOrigins = List.copyOf(allowedOrigins);
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.lister = lister;
        this.pipeline = pipeline;
        this.audit = audit;
        this.resourceUrl = resourceUrl;
    }

    public void mount(Router router) {
        router.route(path).handler(this::checkOrigin);
        router.post(path).handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .handler(this::post)
                .failureHandler(this::failure);
        router.delete(path).handler(this::delete);
        router.route(path).handler(ctx -> ctx.response().setStatusCode(405)
                .putHeader(HttpHeaders.ALLOW, "POST, DELETE").end());
    }

    private void checkOrigin(RoutingContext ctx) {
        String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !allowedOrigins.contains(origin)) {
            replyError(ctx, 403, null, JsonRpc.INVALID_REQUEST, "Origin " + origin + " is not allowed");
            return;
        }
        ctx.next();
    }

    private void failure(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            replyError(ctx, 413, null, JsonRpc.INVALID_REQUEST, "Request body is larger than " + maxBodyBytes + " bytes");
            return;
        }
        LOG.error("unexpected failure serving {}", path, ctx.failure());
        replyError(ctx, 500, null, JsonRpc.INTERNAL_ERROR, "Internal error");
    }

    private void post(RoutingContext ctx) {
        long decodeStart = System.nanoTime();
        Buffer body = ctx.body().buffer();
        Object message;
        try {
            message = body == null ? null : Json.decodeValue(body);
        } catch (DecodeException e) {
            boolean tooDeep = String.valueOf(e.getMessage()).contains("nesting depth");
            replyError(ctx, 400, null, JsonRpc.PARSE_ERROR, tooDeep
                    ? "Parse error: the JSON is nested too deeply" : "Parse error: the body is not valid JSON");
            return;
        }
        if (!(message instanceof JsonObject json)) {
            replyError(ctx, 400, null, JsonRpc.INVALID_REQUEST,
                    message instanceof io.vertx.core.json.JsonArray ? "JSON-RPC batches are not supported" : "A JSON-RPC message must be a JSON object");
            return;
        }
        boolean hasId = json.containsKey("id");
        Object id = json.getValue("id");
        if (!"2.0".equals(json.getValue("jsonrpc"))) {
            replyError(ctx, 400, JsonRpc.validId(id) ? id : null, JsonRpc.INVALID_REQUEST, "jsonrpc must be \"2.0\"");
            return;
        }
        if (!(json.getValue("method") instanceof String method)) {
            if (json.containsKey("result") || json.containsKey("error")) {
                ctx.response().setStatusCode(202).end(); // a response to a server request; none are sent yet
            } else {
                replyError(ctx, 400, JsonRpc.validId(id) ? id : null, JsonRpc.INVALID_REQUEST, "method must be a string");
            }
            return;
        }
        if (hasId && !JsonRpc.validId(id)) {
            replyError(ctx, 400, null, JsonRpc.INVALID_REQUEST, "id must be a string or a number");
            return;
        }
        if (json.containsKey("params") && !(json.getValue("params") instanceof JsonObject)) {
            replyError(ctx, 400, JsonRpc.validId(id) ? id : null, JsonRpc.INVALID_REQUEST, "params must be an object");
            return;
        }
        long decodeNanos = System.nanoTime() - decodeStart;
        long authStart = System.nanoTime();
        Instant received = Instant.now();
        authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)).onComplete(auth -> {
            if (auth.failed()) {
                rejectUnauthenticated(ctx, json, method, received, auth.cause());
                return;
            }
            Map<Phase, Long> transport = new EnumMap<>(Phase.class);
            transport.put(Phase.DECODE, decodeNanos);
            transport.put(Phase.AUTHENTICATE, System.nanoTime() - authStart);
            dispatch(ctx, json, method, hasId ? id : null, auth.result(), transport, received);
        });
    }

    private void dispatch(RoutingContext ctx, JsonObject json, String method, Object id, AgentPrincipal principal,
            Map<Phase, Long> transport, Instant received) {
        JsonObject params = json.getJsonObject("params", new JsonObject());
        if ("initialize".equals(method)) {
            if (id == null) {
                ctx.response().setStatusCode(202).end();
                return;
            }
            initialize(ctx, id, params, principal);
            return;
        }
        String sessionId = ctx.request().getHeader(SESSION_HEADER);
        if (sessionId == null) {
            replyError(ctx, 400, id, JsonRpc.INVALID_REQUEST, "Missing " + SESSION_HEADER + " header: initialize first");
            return;
        }
        Session session = sessions.find(sessionId, principal.agentId()).orElse(null);
        if (session == null) {
            replyError(ctx, 404, id, JsonRpc.INVALID_REQUEST, "Session not found: initialize a new session");
            return;
        }
        String version = ctx.request().getHeader(VERSION_HEADER);
        if (version != null && !ProtocolVersions.supported(version)) {
            replyError(ctx, 400, id, JsonRpc.INVALID_REQUEST, "Unsupported " + VERSION_HEADER + ": " + version);
            return;
        }
        if (id == null) {
            ctx.response().setStatusCode(202).end(); // notifications, known or not, are never answered
            return;
        }
        switch (method) {
            case "ping" -> reply(ctx, 200, JsonRpc.result(id, new JsonObject()));
            case "tools/list" -> reply(ctx, 200, JsonRpc.result(id, lister.list(principal)));
            case "tools/call" -> call(ctx, id, params, principal, session, transport, received);
            default -> replyError(ctx, 200, id, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + method);
        }
    }

    private void initialize(RoutingContext ctx, Object id, JsonObject params, AgentPrincipal principal) {
        String requested = params.getValue("protocolVersion") instanceof String s ? s : null;
        if (requested == null) {
            replyError(ctx, 400, id, JsonRpc.INVALID_PARAMS, "initialize needs params.protocolVersion");
            return;
        }
        String agreed = ProtocolVersions.negotiate(requested);
        Session session = sessions.open(principal.agentId(), agreed);
        JsonObject result = new JsonObject()
                .put("protocolVersion", agreed)
                .put("capabilities", new JsonObject().put("tools", new JsonObject().put("listChanged", false)))
                .put("serverInfo", new JsonObject().put("name", "jitgate").put("title", "jitgate MCP gateway").put("version", VERSION))
                .put("instructions", "Tools act on AWS with credentials issued for each call. State why you call a tool in "
                        + "params._meta: purpose, taskId and the prompt that led to the call; writes need a purpose and a task.");
        ctx.response().putHeader(SESSION_HEADER, session.id());
        reply(ctx, 200, JsonRpc.result(id, result));
    }

    private void call(RoutingContext ctx, Object id, JsonObject params, AgentPrincipal principal, Session session,
            Map<Phase, Long> transport, Instant received) {
        if (!(params.getValue("name") instanceof String name)) {
            replyError(ctx, 200, id, JsonRpc.INVALID_PARAMS, "tools/call needs params.name (a string)");
            return;
        }
        Object arguments = params.getValue("arguments");
        if (arguments != null && !(arguments instanceof JsonObject)) {
            replyError(ctx, 200, id, JsonRpc.INVALID_PARAMS, "params.arguments must be an object");
            return;
        }
        Object meta = params.getValue("_meta");
        CallContext call = CallContext.received(UUID.randomUUID().toString(), received, session.id(),
                ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress(),
                principal, name, arguments == null ? new JsonObject() : (JsonObject) arguments,
                Intent.fromMeta(meta instanceof JsonObject m ? m : null));
        pipeline.run(call, transport).onComplete(done -> {
            if (ctx.response().closed()) {
                return;
            }
            reply(ctx, 200, ToolCallResults.response(id, done.result()));
        });
    }

    private void rejectUnauthenticated(RoutingContext ctx, JsonObject json, String method, Instant received, Throwable cause) {
        AuthenticationFailed failed = cause instanceof AuthenticationFailed f ? f
                : new AuthenticationFailed("invalid_token", "token is invalid");
        Runnable answer = () -> {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"jitgate\", error=\"" + failed.oauthError()
                    + "\", error_description=\"" + failed.getMessage() + "\", resource_metadata=\"" + resourceUrl + "\"");
            replyError(ctx, 401, JsonRpc.validId(json.getValue("id")) ? json.getValue("id") : null,
                    JsonRpc.INVALID_REQUEST, "Unauthorized: " + failed.getMessage());
        };
        if (!"tools/call".equals(method)) {
            answer.run();
            return;
        }
        JsonObject params = json.getValue("params") instanceof JsonObject p ? p : new JsonObject();
        audit.append(AuditRecords.unauthenticated(UUID.randomUUID().toString(), received,
                ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress(),
                params.getValue("name") instanceof String n ? n : null, failed.getMessage()))
                .onComplete(written -> answer.run());
    }

    private void delete(RoutingContext ctx) {
        authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)).onComplete(auth -> {
            if (auth.failed()) {
                rejectUnauthenticated(ctx, new JsonObject(), "DELETE", Instant.now(), auth.cause());
                return;
            }
            String sessionId = ctx.request().getHeader(SESSION_HEADER);
            if (sessionId == null) {
                replyError(ctx, 400, null, JsonRpc.INVALID_REQUEST, "Missing " + SESSION_HEADER + " header");
            } else if (sessions.close(sessionId, auth.result().agentId())) {
                ctx.response().setStatusCode(204).end();
            } else {
                replyError(ctx, 404, null, JsonRpc.INVALID_REQUEST, "Session not found");
            }
        });
    }

    private static void replyError(RoutingContext ctx, int status, Object id, int code, String message) {
        reply(ctx, status, JsonRpc.error(id, code, message));
    }

    private static void reply(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body.toBuffer());
    }

}
