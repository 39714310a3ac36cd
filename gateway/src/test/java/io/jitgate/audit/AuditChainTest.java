package io.jitgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditChainTest {
    Vertx vertx;
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close();
    }

    private Path writeRecords(int count) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        FileAuditLog log = new FileAuditLog(vertx, file);
        List<Future<Void>> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            writes.add(log.append(new JsonObject().put("n", i).put("text", "call \"" + i + "\" ü")));
        }
        Future.all(writes).await(10, TimeUnit.SECONDS);
        log.close();
        return file;
    }

    @Test
    void concurrentAppendsFormOneIntactChain() throws Exception {
        Path file = writeRecords(500);
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.ok()).as(result.describe(file)).isTrue();
        assertThat(result.verifiedRecords()).isEqualTo(500);
    }

    @Test
    void aRestartContinuesTheChain() throws Exception {
        Path file = writeRecords(3);
        FileAuditLog again = new FileAuditLog(vertx, file);
        again.append(new JsonObject().put("n", "after restart")).await(5, TimeUnit.SECONDS);
        again.close();
        assertThat(AuditVerifier.verify(file).verifiedRecords()).isEqualTo(4);
        assertThat(AuditVerifier.verify(file).ok()).isTrue();
    }

    @Test
    void anEditedRecordIsFound() throws Exception {
        Path file = writeRecords(5);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(2, lines.get(2).replace("\"n\":2", "\"n\":7"));
        Files.write(file, lines);
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.badLine()).contains(3L);
        assertThat(result.problem().orElseThrow()).contains("edited");
    }

    @Test
    void aDeletedRecordIsFound() throws Exception {
        Path file = writeRecords(5);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.remove(1);
        Files.write(file, lines);
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.badLine()).contains(2L);
        assertThat(result.problem().orElseThrow()).contains("prevHash");
    }

    @Test
    void reorderedRecordsAreFound() throws Exception {
        Path file = writeRecords(5);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String third = lines.remove(3);
        lines.add(1, third);
        Files.write(file, lines);
        assertThat(AuditVerifier.verify(file).badLine()).contains(2L);
    }

    @Test
    void aTornLastLineIsFound() throws Exception {
        Path file = writeRecords(3);
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.length() - 20), StandardCharsets.UTF_8);
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.ok()).isFalse();
        assertThat(result.badLine()).contains(3L);
    }

    @Test
    void aHashRecomputedAfterAnEditStillBreaksTheNextLink() throws Exception {
        Path file = writeRecords(4);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String edited = lines.get(1).replace("\"n\":1", "\"n\":9");
        String body = edited.substring(0, edited.lastIndexOf(",\"hash\":\"")) + "}";
        lines.set(1, body.substring(0, body.length() - 1) + ",\"hash\":\"" + HashChain.sha256(body) + "\"}");
        Files.write(file, lines);
        assertThat(AuditVerifier.verify(file).badLine()).contains(3L);
    }

    @Test
    void aFailedWriteFailsTheAppendAndMarksTheLogUnhealthy() throws Exception {
        FileAuditLog full = new FileAuditLog(vertx, Path.of("/dev/full")); // every write fails: no space left
        Throwable failure = full.append(new JsonObject().put("n", 1)).transform(ar -> Future.succeededFuture(ar.cause()))
                .await(5, TimeUnit.SECONDS);
        assertThat(failure).isNotNull();
        assertThat(full.healthy()).isFalse();
        Throwable next = full.append(new JsonObject()).transform(ar -> Future.succeededFuture(ar.cause())).await(5, TimeUnit.SECONDS);
        assertThat(next).hasMessageContaining("not writable");
        full.close();
    }
}
