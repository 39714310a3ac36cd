package io.jitgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditFilterTest {
    static final JsonObject CALL = new JsonObject().put("kind", "tool_call").put("time", "2026-12-03T10:00:00Z")
            .put("agent", "a1").put("user", "alice").put("tool", "whoami").put("outcome", "served").put("callId", "c1")
            .put("intent", new JsonObject().put("taskId", "T-1")).put("aws", new JsonObject().put("requestId", "R1"));

    @Test
    void everyGivenFieldMustMatch() {
        assertThat(AuditFilter.ALL.matches(CALL)).isTrue();
        assertThat(filter(Map.of("agent", "a1", "user", "alice", "tool", "whoami", "task", "T-1", "request_id", "R1")).matches(CALL)).isTrue();
        assertThat(filter(Map.of("agent", "a2")).matches(CALL)).isFalse();
        assertThat(filter(Map.of("task", "T-2")).matches(CALL)).isFalse();
        assertThat(filter(Map.of("request_id", "R2")).matches(CALL)).isFalse();
        assertThat(filter(Map.of("outcome", "denied")).matches(CALL)).isFalse();
        assertThat(filter(Map.of("since", "2026-12-03T10:00:00Z", "until", "2026-12-03T10:00:01Z")).matches(CALL)).isTrue();
        assertThat(filter(Map.of("since", "2026-12-03T10:00:01Z")).matches(CALL)).isFalse();
        assertThat(filter(Map.of("until", "2026-12-03T10:00:00Z")).matches(CALL)).isFalse();
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> filter(Map.of("outcome", "maybe"))).hasMessageContaining("outcome must be one of").hasMessageContaining("maybe");
        assertThatThrownBy(() -> filter(Map.of("since", "yesterday"))).hasMessageContaining("since must be an ISO-8601 instant").hasMessageContaining("yesterday");
        assertThatThrownBy(() -> new AuditFilter(null, null, null, null, null, null, null, null, Instant.EPOCH, Instant.EPOCH))
                .hasMessageContaining("since must be before until");
    }

    static AuditFilter filter(Map<String, String> params) {
        return AuditFilter.fromParameters(params::get);
    }
}
