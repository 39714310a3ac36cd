package io.jitgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation keeps one chain across files; verification of a set finds what was done to it; a torn tail is set aside. */
class RotationAndRecoveryTest {
    Vertx vertx;
    @TempDir
    Path dir;
    Path active;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        active = dir.resolve("attribution.jsonl");
    }

    @AfterEach
    void tearDown() {
        vertx.close();
    }

    private void write(int count, Rotation rotation) throws Exception {
        FileAuditLog log = new FileAuditLog(vertx, active, rotation);
        for (int i = 0; i < count; i++) {
            // one at a time, so size-based rotation happens between records
            log.append(new JsonObject().put("n", i).put("pad", "x".repeat(300))).await(5, TimeUnit.SECONDS);
        }
        log.close();
    }

    private List<AuditFileSet.Member> set() throws Exception {
        return AuditFileSet.members(active);
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.readAllLines(file);
    }

    @Test
    void sizeRotationSplitsTheLogIntoFilesThatFormOneChain() throws Exception {
        write(40, new Rotation(4096, null));
        List<AuditFileSet.Member> members = set();
        assertThat(members.size()).isGreaterThan(2);
        assertThat(members.get(members.size() - 1).path()).isEqualTo(active);
        for (AuditFileSet.Member m : members) {
            assertThat(Files.size(m.path())).isLessThanOrEqualTo(4096);
        }
        AuditVerifier.Result result = AuditVerifier.verifySet(members);
        assertThat(result.ok()).as(result.describe(active)).isTrue();
        assertThat(result.verifiedRecords()).isEqualTo(40 + members.size() - 1); // + one log_rotated per new file
        JsonObject rotated = new JsonObject(lines(members.get(1).path()).get(0));
        assertThat(rotated.getString("kind")).isEqualTo("log_rotated");
        assertThat(rotated.getString("previousFile")).isEqualTo(members.get(0).path().getFileName().toString());
        List<String> first = lines(members.get(0).path());
        assertThat(rotated.getString("prevHash")).isEqualTo(new JsonObject(first.get(first.size() - 1)).getString("hash"));
        // A restart continues the chain in the active file.
        write(3, new Rotation(4096, null));
        assertThat(AuditVerifier.verifySet(set()).ok()).isTrue();
    }

    @Test
    void aFileRemovedFromTheMiddleIsReportedAtTheFirstRecordOfTheNextFile() throws Exception {
        write(40, new Rotation(4096, null));
        List<AuditFileSet.Member> members = set();
        Files.delete(members.get(1).path());
        AuditVerifier.Result result = AuditVerifier.verifySet(set());
        assertThat(result.ok()).isFalse();
        assertThat(result.badFile()).contains(members.get(2).path());
        assertThat(result.badLine()).contains(1L);
        assertThat(result.problem().orElseThrow()).contains("does not continue the file before it");
    }

    @Test
    void filesSwappedOrCutShortAreReported() throws Exception {
        write(40, new Rotation(4096, null));
        List<AuditFileSet.Member> members = set();
        Path a = members.get(0).path();
        Path b = members.get(1).path();
        Path tmp = dir.resolve("swap");
        Files.move(a, tmp);
        Files.move(b, a);
        Files.move(tmp, b);
        AuditVerifier.Result swapped = AuditVerifier.verifySet(set());
        assertThat(swapped.ok()).isFalse();
        assertThat(swapped.badFile()).contains(a);
        assertThat(swapped.badLine()).contains(1L);
        assertThat(swapped.problem().orElseThrow()).contains("files before");
        Files.move(a, tmp);
        Files.move(b, a);
        Files.move(tmp, b);
        assertThat(AuditVerifier.verifySet(set()).ok()).isTrue();

        List<String> firstLines = new ArrayList<>(lines(a));
        firstLines.remove(firstLines.size() - 1);
        Files.write(a, firstLines);
        AuditVerifier.Result cut = AuditVerifier.verifySet(set());
        assertThat(cut.badFile()).contains(b);
        assertThat(cut.badLine()).contains(1L);
    }

    @Test
    void anEditInARotatedFileIsReportedWithItsFileAndLine() throws Exception {
        write(40, new Rotation(4096, null));
        Path second = set().get(1).path();
        List<String> l = new ArrayList<>(lines(second));
        l.set(2, l.get(2).replace("\"n\":", "\"n\":1"));
        Files.write(second, l);
        AuditVerifier.Result result = AuditVerifier.verifySet(set());
        assertThat(result.badFile()).contains(second);
        assertThat(result.badLine()).contains(3L);
        assertThat(result.problem().orElseThrow()).contains("edited");
    }

    @Test
    void aTornLastLineIsReportedThenSetAsideOnRestartAndTheChainContinues() throws Exception {
        write(3, Rotation.NEVER);
        String torn = "{\"v\":1,\"kind\":\"tool_call\",\"callId\":\"half";
        Files.writeString(active, torn, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        AuditVerifier.Result before = AuditVerifier.verifySet(set());
        assertThat(before.ok()).isFalse();
        assertThat(before.badLine()).contains(4L);
        assertThat(before.problem().orElseThrow()).contains("torn last line");

        FileAuditLog reopened = new FileAuditLog(vertx, active);
        TailRecovery.SetAside aside = reopened.setAside().orElseThrow();
        reopened.append(new JsonObject().put("n", "after the crash")).await(5, TimeUnit.SECONDS);
        reopened.close();

        assertThat(Files.readString(aside.file())).isEqualTo(torn);
        assertThat(aside.bytes()).isEqualTo(torn.length());
        AuditVerifier.Result after = AuditVerifier.verifySet(set());
        assertThat(after.ok()).as(after.describe(active)).isTrue();
        assertThat(after.verifiedRecords()).isEqualTo(5);
        List<String> l = lines(active);
        JsonObject note = new JsonObject(l.get(3));
        assertThat(note.getString("kind")).isEqualTo("torn_tail_set_aside");
        assertThat(note.getString("setAsideFile")).isEqualTo(aside.file().getFileName().toString());
        assertThat(note.getString("sha256")).isEqualTo(HashChain.sha256(torn));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("attribution.jsonl.torn-"));
        }
    }

    @Test
    void aCrashBetweenRenameAndNewFileContinuesFromTheNewestRotatedFile() throws Exception {
        write(40, new Rotation(4096, null));
        // as if the crash came right after rotation renamed the active file, before the new one was created
        Files.move(active, AuditFileSet.rotatedName(active, AuditFileSet.nextNumber(active)));
        List<AuditFileSet.Member> rotatedOnly = set();
        write(2, Rotation.NEVER);
        assertThat(set()).hasSize(rotatedOnly.size() + 1);
        AuditVerifier.Result result = AuditVerifier.verifySet(set());
        assertThat(result.ok()).as(result.describe(active)).isTrue();
    }

    @Test
    void concurrentAppendsAcrossRotationsStayOneChain() throws Exception {
        FileAuditLog log = new FileAuditLog(vertx, active, new Rotation(8192, null));
        // waves of concurrent appends: each wave is at least one group commit, so the file fills
        // and rotates between them (one wave could land in a single batch, and an empty file never rotates)
        for (int wave = 0; wave < 10; wave++) {
            List<Future<Void>> writes = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                writes.add(log.append(new JsonObject().put("n", wave * 30 + i).put("padding", "x".repeat(100))));
            }
            Future.all(writes).await(10, TimeUnit.SECONDS);
        }
        log.close();
        AuditVerifier.Result result = AuditVerifier.verifySet(set());
        assertThat(result.ok()).as(result.describe(active)).isTrue();
        assertThat(set().size()).isGreaterThan(1);
    }

    @Test
    void rotationIsDueBySizeOrAgeAndNeverForAnEmptyFile() {
        Instant opened = Instant.parse("2026-12-03T00:00:00Z");
        Rotation bySize = new Rotation(10_000, null);
        assertThat(bySize.due(9_000, opened, opened, 500)).isFalse();
        assertThat(bySize.due(9_000, opened, opened, 1_500)).isTrue();
        assertThat(bySize.due(0, opened, opened, 50_000)).isFalse();
        Rotation daily = new Rotation(0, Duration.ofDays(1));
        assertThat(daily.due(10, opened, opened.plus(Duration.ofHours(23)), 10)).isFalse();
        assertThat(daily.due(10, opened, opened.plus(Duration.ofDays(1)), 10)).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Rotation(100, null))
                .hasMessageContaining("audit.rotateBytes must be at least 4096, but was 100");
    }
}
