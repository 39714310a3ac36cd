package io.jitgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.audit.FileAuditLog;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifyCommandTest {
    @Test
    void exitsZeroOnAnIntactLogAndOneNamingTheLineOfABrokenOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.jsonl");
        Vertx vertx = Vertx.vertx();
        FileAuditLog log = new FileAuditLog(vertx, file);
        for (int i = 0; i < 3; i++) {
            log.append(new JsonObject().put("n", i)).await(5, TimeUnit.SECONDS);
        }
        log.close();
        vertx.close();
        assertThat(Main.run("audit", "verify", file.toString())).isZero();

        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.remove(1);
        Files.write(file, lines);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            assertThat(Main.run("audit", "verify", file.toString())).isEqualTo(1);
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString()).contains("BROKEN at line 2");
    }

    @Test
    void aMissingFileIsOneClearLine() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            assertThat(Main.run("audit", "verify", "/nonexistent/log.jsonl")).isEqualTo(1);
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString().trim()).isEqualTo("jitgate: no attribution log at /nonexistent/log.jsonl");
    }
}
