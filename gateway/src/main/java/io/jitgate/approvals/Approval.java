package io.jitgate.approvals;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One call held for an operator, and what became of it. Immutable; {@link ApprovalDesk} replaces it
 * on every change. Arguments and intent are stored as the attribution record shows them (sensitive
 * arguments redacted, the prompt as {@code audit.prompt} allows), never the raw values.
 *
 * @param id          the approval id: the call id of the call that was held
 * @param agent       the agent that made the call
 * @param user        the user the agent acts for
 * @param tool        the tool called
 * @param binding     {@link CallBinding#digest} of agent, tool and arguments: the approval covers exactly that call
 * @param arguments   the arguments as recorded (redacted)
 * @param intent      purpose, task and prompt as recorded
 * @param tier        the tier in force that asked for the approval
 * @param status      where the approval stands
 * @param requestedAt when the call was held
 * @param expiresAt   when an undecided approval times out
 * @param decidedBy   the operator who decided, {@code system:approval-timeout}, or null
 * @param comment     the operator's comment
 * @param decidedAt   when it was decided
 * @param usedBy      the call id that ran under this approval (once)
 */
public record Approval(String id, String agent, String user, String tool, String binding, JsonObject arguments, JsonObject intent,
        String tier, Status status, Instant requestedAt, Instant expiresAt, String decidedBy, String comment, Instant decidedAt,
        String usedBy) {

    /**
     * Where an approval stands. Only {@code PENDING} can be decided; only {@code APPROVED} can be used,
     * once. {@code WITHDRAWN}: the agent cancelled the call that waited for it, so there is nothing
     * left to decide.
     */
    public enum Status {
        PENDING, APPROVED, DENIED, TIMED_OUT, USED, WITHDRAWN;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Every status word, comma-separated, for messages. */
        public static String words() {
            return String.join(", ", java.util.Arrays.stream(values()).map(Status::word).toList());
        }

        public static Optional<Status> parse(String word) {
            for (Status s : values()) {
                if (s.word().equals(word)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /** The actor named on a timeout. */
    public static final String TIMEOUT_ACTOR = "system:approval-timeout";
    /** How the actor of a withdrawal is named: this prefix and the agent's id. */
    public static final String AGENT_ACTOR_PREFIX = "agent:";

    Approval decided(Status next, String by, String why, Instant at) {
        return new Approval(id, agent, user, tool, binding, arguments, intent, tier, next, requestedAt, expiresAt, by, why, at, usedBy);
    }

    Approval usedBy(String callId) {
        return new Approval(id, agent, user, tool, binding, arguments, intent, tier, Status.USED, requestedAt, expiresAt, decidedBy,
                comment, decidedAt, callId);
    }

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("agent", agent).put("user", user).put("tool", tool).put("binding", binding)
                .put("arguments", arguments).put("intent", intent).put("tier", tier).put("status", status.word())
                .put("requestedAt", requestedAt.toString()).put("expiresAt", expiresAt.toString())
                .put("decidedBy", decidedBy).put("comment", comment)
                .put("decidedAt", decidedAt == null ? null : decidedAt.toString()).put("usedBy", usedBy);
    }

    static Approval fromJson(JsonObject json) {
        String word = json.getString("status");
        Status status = Status.parse(word).orElseThrow(() -> new IllegalArgumentException("approval " + json.getString("id")
                + " has status " + word + ", which is not one of " + Status.words()));
        String decided = json.getString("decidedAt");
        return new Approval(json.getString("id"), json.getString("agent"), json.getString("user"), json.getString("tool"),
                json.getString("binding"), json.getJsonObject("arguments"), json.getJsonObject("intent"), json.getString("tier"),
                status, Instant.parse(json.getString("requestedAt")), Instant.parse(json.getString("expiresAt")),
                json.getString("decidedBy"), json.getString("comment"), decided == null ? null : Instant.parse(decided),
                json.getString("usedBy"));
    }
}
