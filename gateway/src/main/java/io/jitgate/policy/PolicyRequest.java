package io.jitgate.policy;

import io.jitgate.auth.AgentPrincipal;
import io.jitgate.pipeline.Intent;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One question for the policy: may this principal take this action on this tool, with these
 * arguments and this stated intent, at this time, from this address, after {@code taskCalls} earlier
 * calls in the same task? {@code sourceAddress} and {@code taskCalls} may be null (unknown / no task);
 * policies then see the context without them.
 */
public record PolicyRequest(AgentPrincipal principal, PolicyAction action, ToolDefinition tool, JsonObject arguments, Intent intent,
        Instant time, String sourceAddress, Long taskCalls) {

    /** The earliest and latest times Cedar's {@code datetime} can hold (four-digit years). */
    public static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    public PolicyRequest {
        arguments = arguments == null ? new JsonObject() : arguments;
        intent = intent == null ? Intent.NONE : intent;
        time = time == null ? Instant.now() : time;
        if (!isDecidableTime(time)) {
            throw new IllegalArgumentException("time must be between " + EARLIEST + " and " + LATEST + ", but was " + time);
        }
    }

    /** Whether policies can be asked about a call at {@code time} (Cedar's datetimes have four-digit years). */
    public static boolean isDecidableTime(Instant time) {
        return !time.isBefore(EARLIEST) && !time.isAfter(LATEST);
    }

    /** A request made now, from an unknown address, outside any task's history. */
    public PolicyRequest(AgentPrincipal principal, PolicyAction action, ToolDefinition tool, JsonObject arguments, Intent intent) {
        this(principal, action, tool, arguments, intent, null, null, null);
    }

    /** The two actions the gateway asks about. */
    public enum PolicyAction {
        /** Seeing the tool in {@code tools/list}. */
        LIST("list"),
        /** Calling the tool. */
        CALL("call");

        private final String cedarId;

        PolicyAction(String cedarId) {
            this.cedarId = cedarId;
        }

        public String cedarId() {
            return cedarId;
        }
    }
}
