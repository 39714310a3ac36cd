package io.jitgate.audit;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which records an audit query wants: every given field must match exactly (time as a half-open
 * range {@code [since, until)}). Null fields match everything. Shared by {@code jitgate audit query}
 * and the admin API, so both read the same words.
 */
public record AuditFilter(String agent, String user, String tool, String task, String outcome, String kind,
        String requestId, String callId, Instant since, Instant until) {
    public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null, null, null, null, null, null);
    /** The outcome words of schema version 2 (version 1 had only served, denied, invalid, cancelled and failed). */
    public static final Set<String> OUTCOMES = Set.of("served", "denied", "held", "invalid", "approval_timed_out", "cancelled",
            "rate_limited", "upstream_error", "failed");

    public AuditFilter {
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException("outcome must be one of " + OUTCOMES + ", but was " + outcome);
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("since must be before until, but was " + since + " >= " + until);
        }
    }

    /** Builds a filter from query parameters named like the CLI options (agent, user, tool, task, outcome, kind, request_id, call_id, since, until). */
    public static AuditFilter fromParameters(Function<String, String> get) {
        return new AuditFilter(get.apply("agent"), get.apply("user"), get.apply("tool"), get.apply("task"), get.apply("outcome"),
                get.apply("kind"), get.apply("request_id"), get.apply("call_id"), time("since", get.apply("since")),
                time("until", get.apply("until")));
    }

    /** Parses an ISO-8601 instant such as 2026-12-03T17:00:00Z; null stays null. */
    public static Instant time(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant like 2026-12-03T17:00:00Z, but was " + text);
        }
    }

    public boolean matches(JsonObject record) {
        JsonObject intent = record.getValue("intent") instanceof JsonObject i ? i : new JsonObject();
        JsonObject aws = record.getValue("aws") instanceof JsonObject a ? a : new JsonObject();
        for (Map.Entry<String, String> want : Map.of(
                "agent", orEmpty(agent), "user", orEmpty(user), "tool", orEmpty(tool), "outcome", orEmpty(outcome),
                "kind", orEmpty(kind), "callId", orEmpty(callId)).entrySet()) {
            if (!want.getValue().isEmpty() && !want.getValue().equals(record.getValue(want.getKey()))) {
                return false;
            }
        }
        if (task != null && !task.equals(intent.getValue("taskId"))) {
            return false;
        }
        if (requestId != null && !requestId.equals(aws.getValue("requestId"))) {
            return false;
        }
        if (since != null || until != null) {
            Instant at;
            try {
                at = Instant.parse(record.getString("time", ""));
            } catch (DateTimeParseException e) {
                return false;
            }
            return (since == null || !at.isBefore(since)) && (until == null || at.isBefore(until));
        }
        return true;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
