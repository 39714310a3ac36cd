package io.jitgate.stages;

import io.jitgate.pipeline.CallContext;
import io.jitgate.pipeline.GatewayError;
import io.jitgate.pipeline.Phase;
import io.jitgate.pipeline.Reason;
import io.jitgate.pipeline.Stage;
import io.jitgate.tools.SchemaErrors;
import io.vertx.core.Future;
import io.vertx.json.schema.OutputUnit;

/** Checks the call's arguments against the tool's input schema, compiled at load. */
public final class ValidateStage implements Stage {
    @Override
    public Phase phase() {
        return Phase.VALIDATE;
    }

    @Override
    public Future<CallContext> apply(CallContext call) {
        OutputUnit result = call.tool().inputValidator().validate(call.arguments());
        if (Boolean.TRUE.equals(result.getValid())) {
            return Future.succeededFuture(call);
        }
        return Future.failedFuture(GatewayError.of(Reason.INVALID_ARGUMENTS,
                "Invalid arguments for tool " + call.toolName() + ": " + SchemaErrors.describe(result)));
    }
}
