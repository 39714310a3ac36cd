package io.jitgate.admin;

import io.jitgate.audit.AuditFileSet;
import io.jitgate.audit.AuditFilter;
import io.jitgate.audit.AuditQuery;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;

/**
 * {@code GET /admin/audit/records?agent=&user=&tool=&task=&outcome=&kind=&request_id=&call_id=&since=&until=&limit=}:
 * the attribution records matching every filter, as JSON ({@code {"count": n, "records": [...]}}).
 * Requires {@code Authorization: Bearer <admin key>} ({@link AdminSettings}); agents' tokens are refused.
 * The files are read on a worker thread.
 */
public final class AdminAuditEndpoint {
    public static final String PATH = "/admin/audit/records";
    private final Vertx vertx;
    private final AdminSettings settings;
    private final Path auditFile;

    public AdminAuditEndpoint(Vertx vertx, AdminSettings settings, Path auditFile) {
        this.vertx = vertx;
        this.settings = settings;
        this.auditFile = auditFile;
    }

    public void mount(Router router) {
        router.get(PATH).handler(this::query);
    }

    private void query(RoutingContext ctx) {
        if (!AdminAuth.check(ctx, settings)) {
            return;
        }
        AuditFilter filter;
        int limit;
        try {
            filter = AuditFilter.fromParameters(ctx.request()::getParam);
            limit = Integer.parseInt(ctx.request().getParam("limit", "1000"));
        } catch (IllegalArgumentException e) {
            ctx.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(new JsonObject().put("error", "invalid_query").put("detail", e.getMessage()).encode());
            return;
        }
        vertx.executeBlocking(() -> AuditQuery.run(AuditFileSet.members(auditFile), filter, Math.max(1, Math.min(limit, 10_000))), false)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        ctx.response().setStatusCode(500).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                                .end(new JsonObject().put("error", "audit_unreadable").put("detail", ar.cause().getMessage()).encode());
                        return;
                    }
                    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                            .end(new JsonObject().put("count", ar.result().size()).put("records", new JsonArray(ar.result())).encode());
                });
    }
}
