package io.jitgate.mcp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens, finds and ends sessions. A session is accepted when its id verifies ({@link SessionIds}),
 * it belongs to the calling agent, it is younger than the maximum age and this instance has not
 * seen it ended.
 */
public final class SessionRegistry {
    private final SessionIds ids;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, SessionState> states = new ConcurrentHashMap<>();
    private final Map<String, Instant> ended = new ConcurrentHashMap<>();

    public SessionRegistry(SessionIds ids, Duration maxAge, Clock clock) {
        if (maxAge.isZero() || maxAge.isNegative()) {
            throw new IllegalArgumentException("session max age must be > 0, but was " + maxAge);
        }
        this.ids = ids;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    public SessionState open(String agentId, String protocolVersion) {
        Instant now = clock.instant();
        String id = ids.mint(agentId, protocolVersion, now);
        SessionState state = new SessionState(id, agentId, protocolVersion, now);
        states.put(id, state);
        if (states.size() % 1024 == 0) {
            forgetExpired(now);
        }
        return state;
    }

    /** A session for one request of the stateless revision; it is not kept. */
    public SessionState ephemeral(String agentId) {
        return new SessionState("stateless", agentId, StatelessRevision.VERSION, clock.instant());
    }

    /** The session, if the id is genuine, the agent's own, unexpired and not ended. */
    public Optional<SessionState> find(String id, String agentId) {
        if (id == null || ended.containsKey(id)) {
            return Optional.empty();
        }
        SessionState known = states.get(id);
        if (known != null) {
            return known.agentId().equals(agentId) && !expired(known.createdAt()) ? Optional.of(known) : Optional.empty();
        }
        return ids.verify(id)
                .filter(c -> c.agentDigest().equals(SessionIds.agentDigest(agentId)))
                .filter(c -> !expired(c.createdAt()))
                .map(c -> states.computeIfAbsent(id, k -> new SessionState(id, agentId, c.protocolVersion(), c.createdAt())));
    }

    /** Ends the session; false if it was not a live session of this agent. */
    public boolean close(String id, String agentId) {
        Optional<SessionState> session = find(id, agentId);
        session.ifPresent(s -> {
            ended.put(s.id(), s.createdAt().plus(maxAge));
            states.remove(s.id());
        });
        return session.isPresent();
    }

    /** Every session this instance has state for. */
    public java.util.Collection<SessionState> known() {
        return states.values();
    }

    public int size() {
        return states.size();
    }

    private boolean expired(Instant createdAt) {
        return createdAt.plus(maxAge).isBefore(clock.instant());
    }

    private void forgetExpired(Instant now) {
        states.values().removeIf(s -> expired(s.createdAt()));
        ended.values().removeIf(until -> until.isBefore(now));
    }
}
