package io.jitgate.tools;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How sensitive the data a tool touches is, from anyone may see it to tightly held. A tool declares
 * it in its definition ({@code "sensitivity": "confidential"}); policies see it as
 * {@code resource.sensitivity}. Without the field a tool is {@link #INTERNAL}.
 */
public enum Sensitivity {
    PUBLIC, INTERNAL, CONFIDENTIAL, RESTRICTED;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Sensitivity> parse(String text) {
        return text == null ? Optional.empty() : Arrays.stream(values()).filter(s -> s.word().equals(text)).findFirst();
    }

    public static String allowedWords() {
        return Arrays.stream(values()).map(Sensitivity::word).collect(Collectors.joining(", "));
    }
}
