package io.jitgate.mcp;

import io.jitgate.resources.ResourceProvider;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code resources/list}, {@code resources/templates/list}, {@code resources/read},
 * {@code resources/subscribe} and {@code resources/unsubscribe}, over one {@link ResourceProvider}.
 * Reads are recorded ({@link ContentReadRecords}); an unknown URI is -32002 with the URI in
 * {@code data}. Lists come in one page: the gateway never issues a cursor, so any cursor is -32602.
 */
final class ResourceMethods {
    private final ResourceProvider provider;
    private final ContentReadRecords records;

    ResourceMethods(ResourceProvider provider, ContentReadRecords records) {
        this.provider = provider;
        this.records = records;
    }

    JsonObject list(McpMessage message) {
        noCursor(message);
        JsonArray out = new JsonArray();
        provider.resources().forEach(r -> out.add(r.toJson()));
        return JsonRpc.result(message.id(), new JsonObject().put("resources", out));
    }

    JsonObject templates(McpMessage message) {
        noCursor(message);
        JsonArray out = new JsonArray();
        provider.templates().forEach(t -> out.add(t.toJson()));
        return JsonRpc.result(message.id(), new JsonObject().put("resourceTemplates", out));
    }

    Future<JsonObject> read(McpMessage message, McpMethods.Caller caller) {
        String uri = uri(message);
        return provider.read(uri)
                .compose(contents -> contents.isPresent()
                        ? records.record(caller, message.id(), "resources/read", uri, null, "served", "ok",
                                JsonRpc.result(message.id(), new JsonObject().put("contents", contents.get())))
                        : records.record(caller, message.id(), "resources/read", uri, null, "invalid", "unknown_resource",
                                notFound(message.id(), uri)))
                .recover(cause -> records.record(caller, message.id(), "resources/read", uri, null, "failed", "internal_error",
                        JsonRpc.error(message.id(), JsonRpc.INTERNAL_ERROR, "Reading resource " + uri + " failed")));
    }

    JsonObject subscribe(McpMessage message, SessionState session, boolean on) {
        String uri = uri(message);
        if (!provider.knows(uri)) {
            return notFound(message.id(), uri);
        }
        if (on) {
            if (!session.subscribe(uri)) {
                return JsonRpc.error(message.id(), JsonRpc.INVALID_PARAMS, "Too many subscriptions: a session may hold "
                        + SessionState.MAX_SUBSCRIPTIONS + "; unsubscribe from one first");
            }
        } else {
            session.unsubscribe(uri);
        }
        return JsonRpc.result(message.id(), new JsonObject());
    }

    private static JsonObject notFound(Object id, String uri) {
        JsonObject error = JsonRpc.error(id, JsonRpc.RESOURCE_NOT_FOUND, "Resource not found: " + uri);
        error.getJsonObject("error").put("data", new JsonObject().put("uri", uri));
        return error;
    }

    private static String uri(McpMessage message) {
        if (!(message.params().getValue("uri") instanceof String uri) || uri.isBlank()) {
            throw new McpMessage.Invalid(message.id(), JsonRpc.INVALID_PARAMS, message.method() + " needs params.uri (a string)");
        }
        return uri;
    }

    static void noCursor(McpMessage message) {
        if (message.params().getValue("cursor") != null) {
            throw new McpMessage.Invalid(message.id(), JsonRpc.INVALID_PARAMS,
                    "Invalid cursor: this gateway answers " + message.method() + " in one page and issues no cursors");
        }
    }
}
