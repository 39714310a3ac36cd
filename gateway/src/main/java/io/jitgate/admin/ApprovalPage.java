package io.jitgate.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The operator's approval page: {@code GET /admin/ui/approvals} (HTML) and its script. Plain HTML
 * and JavaScript, no build step. The page holds no data: it asks for the operator key, keeps it in
 * the tab's session storage, and calls {@link AdminApprovalsEndpoint} with it; a strict
 * Content-Security-Policy allows only the gateway's own script and requests.
 */
public final class ApprovalPage {
    public static final String PATH = "/admin/ui/approvals";
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; "
            + "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
    private final Buffer html = resource("approvals.html");
    private final Buffer script = resource("approvals.js");

    public void mount(Router router) {
        router.get(PATH).handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", CSP).putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cache-Control", "no-store").end(html));
        router.get(PATH + ".js").handler(ctx -> ctx.response().putHeader("Content-Type", "text/javascript; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff").putHeader("Cache-Control", "no-store").end(script));
    }

    private static Buffer resource(String name) {
        try (InputStream in = ApprovalPage.class.getResourceAsStream("/io/jitgate/admin/ui/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the approval page resource " + name + " is missing from the jar");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
