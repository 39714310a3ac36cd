package io.jitgate.tools;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How much human attention a call needs, from none to never allowed. Ordered: a later tier is
 * stricter, and the tier in force for a call is the strictest of those that apply.
 */
public enum Tier {
    /** Runs without a person. */
    AUTO,
    /** The agent's own user confirms the call. */
    CONFIRM,
    /** An operator approves the call. */
    APPROVE,
    /** Never runs. */
    DENY;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Tier strictest(Tier other) {
        return other != null && other.compareTo(this) > 0 ? other : this;
    }

    public static Optional<Tier> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(t -> t.word().equals(text)).findFirst();
    }

    public static String allowedWords() {
        return Arrays.stream(values()).map(Tier::word).collect(Collectors.joining(", "));
    }
}
