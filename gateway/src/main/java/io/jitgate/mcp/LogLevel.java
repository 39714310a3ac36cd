package io.jitgate.mcp;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** MCP log levels (those of RFC 5424), least severe first. */
public enum LogLevel {
    DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LogLevel> parse(Object text) {
        return Arrays.stream(values()).filter(l -> l.word().equals(text)).findFirst();
    }
}
