package io.jitgate.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How much of the prompt an agent states in a call's {@code _meta} goes into the attribution record:
 * {@code whole} (the text as given), {@code digest} (its SHA-256 and a short excerpt with
 * secret-looking parts masked), or {@code none} (only whether there was one).
 */
public enum PromptStorage {
    WHOLE, DIGEST, NONE;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PromptStorage> parse(String word) {
        return Arrays.stream(values()).filter(v -> v.word().equals(word)).findFirst();
    }

    public static String allowedWords() {
        return Arrays.stream(values()).map(PromptStorage::word).collect(Collectors.joining(", "));
    }
}
