package io.jitgate.tools.local;

import io.vertx.core.Future;

/**
 * Answers with its arguments as one text block. It needs no credentials and makes no AWS request, so
 * a call of it costs only the gateway's own work: the gateway-overhead benchmarks call it
 * ({@code loadtest/tools/echo.json}).
 */
public final class EchoTool implements LocalTool {
    /** The handler name tool files use. */
    public static final String HANDLER = "echo";

    @Override
    public Future<LocalToolResult> call(LocalCall call) {
        return Future.succeededFuture(LocalToolResult.of(Content.text(call.arguments().encode())));
    }
}
