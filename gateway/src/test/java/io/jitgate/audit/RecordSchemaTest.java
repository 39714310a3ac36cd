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
        assertThat(schema.problem(sealed(SystemRecords.gatewayStarted("i-1", "0.1.0", 42, "h", 1).put("v", 2)))).isPresent();
    }

    static JsonObject sealed(JsonObject record) {
        return new JsonObject(HashChain.seal(record.encode(), HashChain.GENESIS));
    }
}
