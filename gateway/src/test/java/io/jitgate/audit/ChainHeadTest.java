package io.jitgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitgate.cli.CliRunner;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The head file anchors the end of the log: whole records cut from the end, the newest file of a
 * rotated set removed, or the last record rewritten with a fresh hash all leave a valid chain, and
 * only the head shows them. Each case is also checked without the head, to show the chain alone
 * would have passed it.
 */
class ChainHeadTest {
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
            log.append(new JsonObject().put("n", i).put("pad", "x".repeat(300))).await(5, TimeUnit.SECONDS);
        }
        log.close();
    }

    private List<AuditFileSet.Member> set() throws Exception {
        return AuditFileSet.members(active);
    }

    /** The verdict of the hash chain alone (the head moved away for the call). */
    private AuditVerifier.Result chainAlone() throws Exception {
        Path head = ChainHead.pathFor(active);
        Path aside = dir.resolve("head.aside");
        Files.move(head, aside);
        try {
            return AuditVerifier.verifySet(set(), false);
        } finally {
            Files.move(aside, head);
        }
    }

    private void cutLastLines(Path file, int n) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        Files.write(file, lines.subList(0, lines.size() - n));
    }

    @Test
    void recordsCutFromTheEndAreReportedWithTheFirstMissingRecord() throws Exception {
        write(10, Rotation.NEVER);
        assertThat(ChainHead.read(active).orElseThrow().records()).isEqualTo(10);
        AuditVerifier.Result intact = AuditVerifier.verifySet(set());
        assertThat(intact.ok()).as(intact.describe(active)).isTrue();
        assertThat(intact.describe(active)).contains("head at record 10");

        cutLastLines(active, 2);
        assertThat(chainAlone().ok()).as("the chain alone cannot see the cut").isTrue();
        AuditVerifier.Result cut = AuditVerifier.verifySet(set());
        assertThat(cut.ok()).isFalse();
        assertThat(cut.verifiedRecords()).isEqualTo(8);
        assertThat(cut.badFile()).contains(active);
        assertThat(cut.badLine()).contains(9L);
        assertThat(cut.problem().orElseThrow()).startsWith("record 9 is missing").contains("holds 10 records");

        CliRunner.Result cli = CliRunner.run("audit", "verify", dir.toString());
        assertThat(cli.exit()).isEqualTo(1);
        assertThat(cli.err()).contains("BROKEN at line 9: record 9 is missing");
    }

    @Test
    void aCutLogDoesNotOpenSoNewRecordsCannotBuryTheCut() throws Exception {
        write(6, Rotation.NEVER);
        cutLastLines(active, 1);
        byte[] before = Files.readAllBytes(active);
        assertThatThrownBy(() -> new FileAuditLog(vertx, active))
                .hasMessageContaining("does not hold the record its head")
                .hasMessageContaining("record 6");
        assertThat(Files.readAllBytes(active)).isEqualTo(before);
        assertThat(ChainHead.read(active).orElseThrow().records()).isEqualTo(6);
    }

    @Test
    void theNewestFileOfARotatedSetRemovedIsReported() throws Exception {
        write(40, new Rotation(4096, null));
        List<AuditFileSet.Member> members = set();
        assertThat(members.size()).isGreaterThan(2);
        Files.delete(active);
        assertThat(chainAlone().ok()).as("the chain alone cannot see it").isTrue();
        AuditVerifier.Result result = AuditVerifier.verifySet(set());
        assertThat(result.ok()).isFalse();
        assertThat(result.problem().orElseThrow()).contains("is missing").contains("newest file is missing");
    }

    @Test
    void theLastRecordRewrittenWithAFreshHashIsReported() throws Exception {
        write(5, Rotation.NEVER);
        List<String> lines = new ArrayList<>(Files.readAllLines(active));
        String last = lines.get(4);
        String prev = new JsonObject(last).getString("prevHash");
        lines.set(4, HashChain.seal(new JsonObject().put("n", 99).put("pad", "forged").encode(), prev));
        Files.write(active, lines);
        assertThat(chainAlone().ok()).as("a rewritten last record keeps a valid chain").isTrue();
        AuditVerifier.Result result = AuditVerifier.verifySet(set());
        assertThat(result.ok()).isFalse();
        assertThat(result.problem().orElseThrow()).contains("record 5 has hash").contains("replaced or rewritten");
    }

    @Test
    void aMissingHeadIsReportedAndRebuiltWithARecordWhenTheLogOpens() throws Exception {
        write(4, Rotation.NEVER);
        Files.delete(ChainHead.pathFor(active));
        AuditVerifier.Result result = AuditVerifier.verifySet(set());
        assertThat(result.ok()).isFalse();
        assertThat(result.problem().orElseThrow()).contains("no head file attribution.jsonl.head");
        assertThat(CliRunner.run("audit", "verify", active.toString()).exit()).isEqualTo(1);
        assertThat(CliRunner.run("audit", "verify", "--allow-missing-head", active.toString()).exit()).isZero();

        write(1, Rotation.NEVER);
        List<String> lines = Files.readAllLines(active);
        JsonObject rebuilt = new JsonObject(lines.get(4));
        assertThat(rebuilt.getString("kind")).isEqualTo("log_head_rebuilt");
        assertThat(rebuilt.getLong("records")).isEqualTo(4);
        assertThat(RecordSchema.load().problem(rebuilt)).isEmpty();
        AuditVerifier.Result after = AuditVerifier.verifySet(set());
        assertThat(after.ok()).as(after.describe(active)).isTrue();
        assertThat(after.verifiedRecords()).isEqualTo(6);
    }

    @Test
    void aHeadThatLagsTheLogAfterACrashIsAcceptedAndCaughtUpOnOpen() throws Exception {
        write(5, Rotation.NEVER);
        byte[] headAtFive = Files.readAllBytes(ChainHead.pathFor(active));
        write(3, Rotation.NEVER);
        Files.write(ChainHead.pathFor(active), headAtFive); // the head's last updates lost in a crash
        AuditVerifier.Result lagging = AuditVerifier.verifySet(set());
        assertThat(lagging.ok()).as(lagging.describe(active)).isTrue();
        assertThat(lagging.verifiedRecords()).isEqualTo(8);
        assertThat(lagging.head().orElseThrow().records()).isEqualTo(5);

        write(1, Rotation.NEVER);
        assertThat(ChainHead.read(active).orElseThrow().records()).isEqualTo(9);
        assertThat(AuditVerifier.verifySet(set()).ok()).isTrue();
    }

    @Test
    void aDamagedHeadFileIsAnErrorNotAnEmptyHead() throws Exception {
        write(2, Rotation.NEVER);
        Files.writeString(ChainHead.pathFor(active), "not json");
        assertThatThrownBy(() -> AuditVerifier.verifySet(set())).hasMessageContaining("is not a chain head");
        assertThatThrownBy(() -> new FileAuditLog(vertx, active)).hasMessageContaining("is not a chain head");
    }
}
