package io.jitgate.approvals;

import java.time.Duration;
import java.util.Map;

/**
 * How long a held call waits for a person before it is denied ({@code approval_timed_out}): one
 * timeout for all tools, optionally overridden per tool. The same timeout bounds the agent's user's
 * answer to a confirmation (elicitation), and how long an approved call may wait to be retried.
 *
 * @param timeout the default ({@code approvals.timeout}, PT15M)
 * @param tools   per-tool timeouts ({@code approvals.tools.<tool>.timeout})
 */
public record ApprovalSettings(Duration timeout, Map<String, Duration> tools) {
    private static final Duration LONGEST = Duration.ofDays(7);
    public static final ApprovalSettings DEFAULTS = new ApprovalSettings(Duration.ofMinutes(15), Map.of());

    public ApprovalSettings {
        check("approvals.timeout", timeout);
        tools = Map.copyOf(tools == null ? Map.of() : tools);
        tools.forEach((tool, t) -> check("approvals.tools." + tool + ".timeout", t));
    }

    private static void check(String field, Duration value) {
        if (value == null || value.isZero() || value.isNegative() || value.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(field + " must be > 0 and at most P7D, but was " + value);
        }
    }

    /** The timeout of approvals for {@code tool}. */
    public Duration timeoutFor(String tool) {
        return tools.getOrDefault(tool, timeout);
    }
}
