package io.jitgate.admin;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The one check every admin endpoint makes: the request carries the operator key, or it gets 401. */
final class AdminAuth {
    private AdminAuth() {
    }

    /** True when the request may go on; otherwise the 401 has been sent. */
    static boolean check(RoutingContext ctx, AdminSettings settings) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        String presented = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : null;
        if (settings.accepts(presented)) {
            return true;
        }
        ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"jitgate-admin\"")
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("error", "operator_credential_required").encode());
        return false;
    }
}
