package io.jitgate.mcp;

import java.util.List;

/** The MCP revisions this gateway speaks, newest first, and how a client's request is answered. */
public final class ProtocolVersions {
    public static final String LATEST = "2025-11-25";
    public static final List<String> SUPPORTED = List.of(LATEST, "2025-06-18", "2025-03-26");

    private ProtocolVersions() {
    }

    /** The version to answer an {@code initialize} with: the client's if supported, else our latest. */
    public static String negotiate(String requested) {
        return SUPPORTED.contains(requested) ? requested : LATEST;
    }

    /**
     * True if answer streams of a session of this revision start with a priming event (an id with
     * empty data): 2025-11-25 introduced them (SEP-1699); older clients may not expect empty data.
     */
    public static boolean primesStreams(String version) {
        return LATEST.equals(version);
    }

    public static boolean supported(String version) {
        return SUPPORTED.contains(version);
    }
}
