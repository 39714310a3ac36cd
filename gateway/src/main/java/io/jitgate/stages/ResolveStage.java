package io.jitgate.stages;

import io.jitgate.pipeline.CallContext;
import io.jitgate.pipeline.GatewayError;
import io.jitgate.pipeline.Phase;
import io.jitgate.pipeline.Reason;
import io.jitgate.pipeline.Stage;
import io.jitgate.tools.ToolCatalog;
import io.vertx.core.Future;
import java.util.function.Supplier;

/** Finds the tool the call names in the current catalogue. */
public final class ResolveStage implements Stage {
    private final Supplier<ToolCatalog> catalog;

    public ResolveStage(Supplier<ToolCatalog> catalog) {
        this.catalog = catalog;
    }

    @Override
    public Phase phase() {
        return Phase.RESOLVE;
    }

    @Override
    public Future<CallContext> apply(CallContext call) {
        return catalog.get().find(call.toolName())
                .map(tool -> Future.succeededFuture(call.withTool(tool)))
                .orElseGet(() -> Future.failedFuture(unknownTool(call.toolName())));
    }

    /** The error for a tool that does not exist, which is also what a denied call looks like. */
    public static GatewayError unknownTool(String name) {
        return GatewayError.of(Reason.UNKNOWN_TOOL, "Unknown tool: " + name);
    }
}
