package io.jitgate.tools.local;

import io.vertx.core.Future;

/**
 * A tool that runs inside the gateway instead of calling AWS: the seam behind tool files of
 * {@code "kind": "local"}. Such a call still passes resolve, validate, authorize, approve and admit
 * and gets its attribution record; it gets no Vault credentials and makes no AWS request.
 *
 * <p>Local tools are registered in code ({@link LocalTools}), never loaded by class name from a
 * file, and a catalogue folder may hold them only where the configuration allows it
 * ({@code localToolsDir}), so the default catalogue stays AWS-only.
 */
public interface LocalTool {
    /**
     * Runs the tool. The future fails with {@link LocalToolError} for an error result the model
     * should read ({@code isError: true}); any other failure is an internal error.
     */
    Future<LocalToolResult> call(LocalCall call);

    /** True if the tool talks to its client while it runs (log messages, progress, reconnects): its answer is then streamed. */
    default boolean streams() {
        return false;
    }

    /** True if the tool reports its own progress, so the gateway sends no per-stage progress for it. */
    default boolean reportsProgress() {
        return false;
    }
}
