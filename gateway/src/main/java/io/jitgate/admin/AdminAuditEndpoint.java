package io.jitgate.admin;

import io.jitgate.audit.AuditFilter;
import io.jitgate.audit.AuditRecordSource;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /admin/audit/records?agent=&user=&tool=&task=&outcome=&kind=&request_id=&call_id=&since=&until=&limit=}:
 * the attribution records matching every filter, as JSON ({@code {"count": n, "records": [...]}}),
 * read from wherever the gateway writes them ({@link AuditRecordSource}: the log files, or the
 * PostgreSQL table with every instance's records). Requires {@code Authorization: Bearer <admin key>}
 * ({@link AdminSettings}); agents' tokens are refused. A bad filter is a 400 naming it.
 */
public final class AdminAuditEndpoint {
    public static final String PATH = "/admin/audit/records";
    private final AdminSettings settings;
    private final AuditRecordSource records;

    public AdminAuditEndpoint(AdminSettings settings, AuditRecordSource records) {
        this.settings = settings;
        this.records = records;
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
            String text = ctx.request().getParam("limit", "1000");
            try {
                limit = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("limit must be a whole number from 1 to 10000, but was " + text);
            }
            if (limit < 1 || limit > 10_000) {
                throw new IllegalArgumentException("limit must be a whole number from 1 to 10000, but was " + text);
            }
        } catch (IllegalArgumentException e) {
            ctx.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(new JsonObject().put("error", "invalid_query").put("detail", e.getMessage()).encode());
            return;
        }
        records.find(filter, limit).onComplete(ar -> {
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
