package io.jitgate.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RoleSessionNamesTest {
    @Test
    void aCallIdBecomesALegalSessionNameOfAtMost64Characters() throws Exception {
        String id = UUID.randomUUID().toString();
        assertThat(RoleSessionNames.forCall(id)).isEqualTo("jitgate-" + id).matches("[\\w+=,.@-]{2,64}");
        String longId = "x".repeat(100) + " /:";
        assertThat(RoleSessionNames.forCall(longId)).hasSize(64).matches("[\\w+=,.@-]+");
        assertThat(RoleSessionNames.forCall("a b/c")).isEqualTo("jitgate-a_b_c");
    }
}
