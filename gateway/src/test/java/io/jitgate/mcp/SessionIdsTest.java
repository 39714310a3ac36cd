package io.jitgate.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionIdsTest {
    final byte[] key = SessionIds.randomKey();

    @Test
    void anIdVerifiesWithTheSameKeyOnlyAndCarriesItsClaims() {
        String id = new SessionIds(key).mint("agent-1", "2025-06-18", Instant.ofEpochSecond(1_800_000_000L));
        SessionIds.Claims claims = new SessionIds(key).verify(id).orElseThrow();
        assertThat(claims.protocolVersion()).isEqualTo("2025-06-18");
        assertThat(claims.createdAt()).isEqualTo(Instant.ofEpochSecond(1_800_000_000L));
        assertThat(new SessionIds(SessionIds.randomKey()).verify(id)).isEmpty();
        assertThat(id).matches("[A-Za-z0-9_\\-.]+").doesNotContain("agent-1");
    }

    @Test
    void malformedIdsAreRejectedQuietly() {
        SessionIds ids = new SessionIds(key);
        for (String bad : new String[] {null, "", ".", "abc", "abc.", ".abc", "!!!.###", "a".repeat(300) + ".b"}) {
            assertThat(ids.verify(bad)).as(String.valueOf(bad)).isEmpty();
        }
    }

    @Test
    void sessionsExpireAndStayEndedOnceDeleted() {
        Instant start = Instant.parse("2026-12-03T10:00:00Z");
        io.jitgate.testing.MutableClock clock = new io.jitgate.testing.MutableClock(start);
        SessionRegistry registry = new SessionRegistry(new SessionIds(key), Duration.ofMinutes(30), clock);
        SessionState session = registry.open("a", "2025-11-25");
        SessionRegistry otherInstance = new SessionRegistry(new SessionIds(key), Duration.ofMinutes(30), clock);
        assertThat(otherInstance.find(session.id(), "a")).isPresent();
        assertThat(otherInstance.find(session.id(), "b")).isEmpty();
        assertThat(registry.close(session.id(), "a")).isTrue();
        assertThat(registry.find(session.id(), "a")).isEmpty();
        clock.now = start.plus(Duration.ofMinutes(31));
        assertThat(otherInstance.find(session.id(), "a")).isEmpty();
    }
}
