package io.jitgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The schema itself: it accepts the records the code builds and refuses ones that drift from it. */
class RecordSchemaTest {
    @Test
    void acceptsSealedSystemRecordsAndRefusesUnknownFieldsAndKinds() throws Exception {
        RecordSchema schema = RecordSchema.load();
        JsonObject started = sealed(SystemRecords.gatewayStarted("i-1", "0.1.0", 42, "127.0.0.1", 8080));
        assertThat(schema.problem(started)).isEmpty();
        assertThat(schema.problem(sealed(SystemRecords.logRotated(Path.of("a.000001.jsonl"), HashChain.GENESIS)))).isEmpty();
        assertThat(schema.problem(sealed(SystemRecords.gatewayStarted("i-1", "0.1.0", 42, "h", 1).put("colour", "red")))).isPresent();
        assertThat(schema.problem(sealed(SystemRecords.gatewayStarted("i-1", "0.1.0", 42, "h", 1).put("kind", "party")))).isPresent();
        assertThat(schema.problem(sealed(SystemRecords.gatewayStarted("i-1", "0.1.0", 42, "h", 1).put("v", 3)))).isPresent();
        assertThat(schema.problem(sealed(SystemRecords.logHeadRebuilt(Path.of("a.jsonl"), 7, HashChain.GENESIS)))).isEmpty();
    }

    @Test
    void everyOutcomeWordOfVersionTwoIsAcceptedAndOthersAreNot() throws Exception {
        RecordSchema schema = RecordSchema.load();
        JsonObject call = io.jitgate.pipeline.AuditRecords.unauthenticated("c-1", java.time.Instant.now(), "127.0.0.1", "whoami", "no token");
        assertThat(call.getInteger("v")).isEqualTo(2);
        for (String outcome : AuditFilter.OUTCOMES) {
            assertThat(schema.problem(sealed(call.copy().put("outcome", outcome)))).as(outcome).isEmpty();
        }
        assertThat(AuditFilter.OUTCOMES).contains("approval_timed_out", "rate_limited", "upstream_error", "cancelled");
        assertThat(schema.problem(sealed(call.copy().put("outcome", "sometimes")))).isPresent();
        assertThat(schema.problem(sealed(call.copy().put("v", 1).put("outcome", "failed").put("reason", "aws_error"))))
                .as("a version 1 record of an older log").isEmpty();
    }

    static JsonObject sealed(JsonObject record) {
        return new JsonObject(HashChain.seal(record.encode(), HashChain.GENESIS));
    }
}
