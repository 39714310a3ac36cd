package io.jitgate.mcp;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions of this gateway process. Session ids are 128 random bits, so they cannot be guessed;
 * a session belongs to the agent that opened it and is useless with another agent's token.
 */
public final class SessionRegistry {
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

    public Session open(String agentId, String protocolVersion) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Session session = new Session(id, agentId, protocolVersion, Instant.now());
        sessions.put(id, session);
        return session;
    }

    /** The session with this id, if it exists and belongs to {@code agentId}. */
    public Optional<Session> find(String id, String agentId) {
        Session session = id == null ? null : sessions.get(id);
        return session != null && session.agentId().equals(agentId) ? Optional.of(session) : Optional.empty();
    }

    public boolean close(String id, String agentId) {
        return find(id, agentId).map(s -> sessions.remove(s.id()) != null).orElse(false);
    }

    public int size() {
        return sessions.size();
    }
}
