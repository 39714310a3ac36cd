package io.jitgate.audit;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Objects;

/**
 * Something an operator (or the gateway on an operator's behalf, e.g. loading the catalogue at
 * start) did that changes what agents may do. Written through {@link OperatorAudit}.
 *
 * @param type    what happened
 * @param actor   who did it: an operator's id, or {@code system:<why>} for the gateway itself
 * @param subject what it was done to: a tool name, a call id, a folder
 * @param detail  what changed (never a secret)
 */
public record OperatorAction(Type type, String actor, String subject, JsonObject detail) {
    /** The kinds of operator action; the word is what the record's {@code action} field holds. */
    public enum Type {
        CATALOG_LOADED, POLICIES_LOADED, POLICIES_RELOADED, TOOL_REGISTERED, TIER_CHANGED, APPROVAL_GRANTED, APPROVAL_DENIED, APPROVAL_TIMED_OUT;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public OperatorAction {
        Objects.requireNonNull(type, "type");
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("operator action actor must be non-empty, but was " + actor);
        }
        detail = detail == null ? new JsonObject() : detail.copy();
    }
}
