package io.jitgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code audit.preallocateBytes} the active file is preallocated with zero bytes ahead of its records: readers see only the
 * records, an orderly close leaves no zero bytes, and a crash leaves a file that reopens cleanly
 * (padding cut, no torn tail invented), also when a power loss left a gap before a later fragment.
 */
class PreallocationTest {
    static final long STEP = 4L << 20;
    Vertx vertx;
    @TempDir
    Path dir;
    Path active;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        active = dir.resolve("live").resolve("attribution.jsonl");
    }

    @AfterEach
    void tearDown() {
        vertx.close();
    }

    private static void append(FileAuditLog log, int count) throws Exception {
        List<Future<Void>> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            writes.add(log.append(new JsonObject().put("n", i).put("pad", "p".repeat(900))));
        }
        Future.all(writes).await(30, TimeUnit.SECONDS);
    }

    /** What a SIGKILL leaves: the files as they are while the log is open. */
    private Path crashCopy() throws Exception {
        Path crashed = dir.resolve("crashed").resolve("attribution.jsonl");
        Files.createDirectories(crashed.getParent());
        Files.copy(active, crashed);
        Files.copy(ChainHead.pathFor(active), ChainHead.pathFor(crashed));
        return crashed;
    }

    private static boolean hasNul(Path file) throws Exception {
        for (byte b : Files.readAllBytes(file)) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aLiveFileIsPaddedReadersSeeOnlyRecordsAndACloseCutsThePadding() throws Exception {
        FileAuditLog log = new FileAuditLog(vertx, active, Rotation.NEVER, STEP);
        append(log, 6000); // about 6 MB: more than one preallocation step
        long dataEnd = LogData.end(active);
        assertThat(Files.size(active)).as("preallocated ahead of the records").isGreaterThan(dataEnd);
        assertThat(Files.readAllBytes(active)[(int) dataEnd - 1]).isEqualTo((byte) '\n');
        AuditVerifier.Result live = AuditVerifier.verifySet(AuditFileSet.members(active));
        assertThat(live.ok()).as(live.describe(active)).isTrue();
        assertThat(live.verifiedRecords()).isEqualTo(6000);
        assertThat(AuditQuery.run(AuditFileSet.members(active), AuditFilter.ALL, 10_000)).hasSize(6000);
        log.close();
        assertThat(hasNul(active)).as("an orderly close leaves records only").isFalse();
        assertThat(Files.size(active)).isEqualTo(dataEnd);
    }

    @Test
    void offByDefaultTheFileHoldsRecordsOnlyWhileOpen() throws Exception {
        FileAuditLog log = new FileAuditLog(vertx, active);
        append(log, 10);
        assertThat(hasNul(active)).isFalse();
        assertThat(Files.size(active)).isEqualTo(LogData.end(active));
        log.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AuditSettings(PromptStorage.WHOLE, 40, Rotation.NEVER, null, 1000))
                .hasMessageContaining("audit.preallocateBytes must be 0 (off) or from 65536 to 1073741824, but was 1000");
    }

    @Test
    void aCrashedPaddedFileReopensWithoutATornTailAndContinuesTheChain() throws Exception {
        FileAuditLog log = new FileAuditLog(vertx, active, Rotation.NEVER, STEP);
        append(log, 50);
        Path crashed = crashCopy();
        log.close();
        assertThat(hasNul(crashed)).isTrue();
        FileAuditLog reopened = new FileAuditLog(vertx, crashed, Rotation.NEVER, STEP);
        assertThat(reopened.setAside()).as("padding is not a torn tail").isEmpty();
        append(reopened, 3);
        reopened.close();
        AuditVerifier.Result result = AuditVerifier.verifySet(AuditFileSet.members(crashed));
        assertThat(result.ok()).as(result.describe(crashed)).isTrue();
        assertThat(result.verifiedRecords()).isEqualTo(53);
        assertThat(hasNul(crashed)).isFalse();
    }

    @Test
    void aFragmentAfterAGapOfPaddingIsSetAsideFromTheLastCompleteRecordOn() throws Exception {
        FileAuditLog log = new FileAuditLog(vertx, active, Rotation.NEVER, STEP);
        append(log, 20);
        Path crashed = crashCopy();
        log.close();
        long end = LogData.end(crashed);
        // A power loss kept a later page of an unfinished batch but not the one before it.
        String fragment = "\"n\":21,\"pad\":\"ppp\",\"prevHash\":\"x\"}\n{\"n\":22";
        try (var channel = java.nio.channels.FileChannel.open(crashed, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(fragment.getBytes()), end + 5000);
        }
        AuditVerifier.Result before = AuditVerifier.verifySet(AuditFileSet.members(crashed));
        assertThat(before.ok()).as("the records before the gap are intact: " + before.describe(crashed)).isTrue();
        FileAuditLog reopened = new FileAuditLog(vertx, crashed, Rotation.NEVER, STEP);
        TailRecovery.SetAside aside = reopened.setAside().orElseThrow();
        assertThat(Files.readString(aside.file())).endsWith(fragment);
        append(reopened, 1);
        reopened.close();
        AuditVerifier.Result after = AuditVerifier.verifySet(AuditFileSet.members(crashed));
        assertThat(after.ok()).as(after.describe(crashed)).isTrue();
        assertThat(after.verifiedRecords()).isEqualTo(22); // 20, the set-aside note, 1
    }
}
