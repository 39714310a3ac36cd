package io.jitgate.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The approval file: what is saved is loaded back; an older save never overwrites a newer one; a bad file is named. */
class ApprovalStoreTest {
    static Approval pending(String id) {
        Instant now = Instant.parse("2026-12-03T10:00:00Z");
        return new Approval(id, "agent", "alice", "s3_write_object", "abc", new JsonObject().put("key", "k"),
                new JsonObject().put("purpose", "p"), "approve", Approval.Status.PENDING, now, now.plusSeconds(900), null, null, null, null);
    }

    @Test
    void savedApprovalsComeBackAndStaleSavesAreSkipped(@TempDir Path dir) throws Exception {
        ApprovalStore store = new ApprovalStore(dir.resolve("approvals.json"));
        assertThat(store.load()).isEmpty();
        Approval one = pending("one");
        store.save(2, List.of(one, pending("two")));
        store.save(1, List.of(one));
        assertThat(store.load()).containsExactly(one, pending("two"));
        Approval decided = one.decided(Approval.Status.APPROVED, "ops", "fine", Instant.parse("2026-12-03T10:01:00Z"));
        store.save(3, List.of(decided));
        assertThat(store.load()).containsExactly(decided);
        assertThat(Files.exists(dir.resolve("approvals.json.tmp"))).isFalse();
    }

    @Test
    void aMalformedFileIsRefusedWithItsName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("approvals.json");
        Files.writeString(file, "{\"approvals\": [{\"id\": \"x\", \"status\": \"maybe\"}]}");
        assertThatThrownBy(() -> new ApprovalStore(file).load()).hasMessageContaining(file.toString()).hasMessageContaining("maybe");
    }
}
