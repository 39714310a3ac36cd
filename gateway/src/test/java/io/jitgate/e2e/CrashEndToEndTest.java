package io.jitgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.audit.AuditFileSet;
import io.jitgate.audit.AuditVerifier;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as a separate process, on the real stack, under load from several agents, killed
 * with SIGKILL at random moments, again and again (bounded to about 45 s). After each kill it is
 * started again on the same (small, rotating) log; then the whole rotated set must verify, any torn
 * line must have been set aside and recorded, and every call whose success reached its agent must
 * have its complete record.
 */
class CrashEndToEndTest {
    private static final Pattern SERVING = Pattern.compile("serving MCP at http://[^:]+:(\\d+)/mcp");
    private static final Duration BUDGET = Duration.ofSeconds(45);
    static TestStack stack;
    static Vertx vertx;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void setUp() throws Exception {
        stack = TestStack.get();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void tearDown() {
        vertx.close();
    }

    @Test
    void killedAtRandomUnderLoadTheLogStillVerifiesAndHoldsEveryAcknowledgedCall(@TempDir Path dir) throws Exception {
        Path auditFile = dir.resolve("audit/attribution.jsonl");
        JsonObject config = new JsonObject(Files.readString(stack.state.resolve("gateway.json")));
        config.getJsonObject("http").put("port", 0);
        config.put("auditFile", auditFile.toString()).put("audit", new JsonObject().put("rotateBytes", 32_768));
        Path configFile = dir.resolve("gateway.json");
        Files.writeString(configFile, config.encodePrettily());
        String token = stack.token(vertx, "crash-agent", List.of("dev-agents"), 30);
        Random random = new Random();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int kills = 0;
        int tornWritten = 0;
        while (kills < 12 && (kills < 3 || System.nanoTime() < deadline)) {
            // Two runs with a preallocated file (a small step, so it grows several times), two without, ...:
            // a kill leaves zero bytes after the records, and a restart either way must cut them.
            config.getJsonObject("audit").put("preallocateBytes", (kills / 2) % 2 == 0 ? 65_536 : 0);
            Files.writeString(configFile, config.encodePrettily());
            Process gateway = start(configFile, dir.resolve("gateway-" + kills + ".log"));
            try {
                int port = awaitPort(gateway, dir.resolve("gateway-" + kills + ".log"));
                if (kills > 0) {
                    checkLog(auditFile, acknowledged); // the log as recovered after the previous kill
                }
                AtomicBoolean running = new AtomicBoolean(true);
                ExecutorService agents = Executors.newFixedThreadPool(4);
                for (int a = 0; a < 4; a++) {
                    agents.submit(() -> load(port, token, running, acknowledged));
                }
                Thread.sleep(300 + random.nextInt(1500));
                gateway.destroyForcibly(); // SIGKILL
                gateway.waitFor(10, TimeUnit.SECONDS);
                running.set(false);
                agents.shutdown();
                agents.awaitTermination(10, TimeUnit.SECONDS);
                if (kills % 2 == 1) {
                    // A kill rarely tears a line (each batch is one write); a machine crash can. Leave what a
                    // crash mid-write leaves: the first bytes of a record, no newline.
                    String record = "{\"v\":1,\"kind\":\"tool_call\",\"time\":\"" + java.time.Instant.now() + "\",\"callId\":\"torn-"
                            + kills + "\",\"agent\":\"crash-agent\",\"tool\":\"whoami\"";
                    String torn = record.substring(0, 40 + random.nextInt(record.length() - 40));
                    Files.writeString(auditFile, torn, java.nio.file.StandardOpenOption.APPEND);
                    tornWritten++;
                }
                kills++;
            } finally {
                gateway.destroyForcibly();
            }
        }
        Process last = start(configFile, dir.resolve("gateway-last.log"));
        try {
            awaitPort(last, dir.resolve("gateway-last.log"));
            checkLog(auditFile, acknowledged);
        } finally {
            last.destroyForcibly();
            last.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(kills).isGreaterThanOrEqualTo(3);
        long setAside = countKind(auditFile, "torn_tail_set_aside");
        assertThat(setAside).as("torn lines set aside and recorded").isGreaterThanOrEqualTo(tornWritten);
        try (var files = Files.list(auditFile.getParent())) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("attribution.jsonl.torn-")).count())
                    .as("files holding the torn lines").isEqualTo(setAside);
        }
        assertThat(acknowledged).as("calls that succeeded at the agents").hasSizeGreaterThan(kills);
        System.out.printf("crash test: %d SIGKILLs, %d acknowledged calls, %d torn lines set aside, %d files in the set%n", kills,
                acknowledged.size(), setAside, AuditFileSet.members(auditFile).size());
    }

    /**
     * The whole set verifies (torn tails set aside), and every acknowledged call has its complete
     * record. The restarted gateway may rotate the file while the set is being read (its start-up
     * records can cross the size limit), so a read during which the set changed is read again.
     */
    private static void checkLog(Path auditFile, Set<String> acknowledged) throws IOException {
        List<AuditFileSet.Member> members;
        Map<String, JsonObject> calls = new HashMap<>();
        boolean consistent = false;
        int attempts = 0;
        do {
            members = AuditFileSet.members(auditFile);
            AuditVerifier.Result result;
            calls = new HashMap<>();
            try {
                result = AuditVerifier.verifySet(members);
                for (AuditFileSet.Member m : members) {
                    List<String> lines;
                    try (var reader = io.jitgate.audit.LogData.reader(m.path())) {
                        lines = reader.lines().toList(); // the running gateway's file: records, then preallocated space
                    }
                    for (String line : lines) {
                        JsonObject r = new JsonObject(line);
                        if ("tool_call".equals(r.getString("kind"))) {
                            calls.put(r.getString("callId"), r);
                        }
                    }
                }
            } catch (java.nio.file.NoSuchFileException | io.vertx.core.json.DecodeException e) {
                continue; // a file was rotated away, or a record was being written, while it was read: read again
            }
            if (sameFiles(members, AuditFileSet.members(auditFile))) {
                assertThat(result.ok()).as(result.describe(auditFile)).isTrue();
                consistent = true;
                break;
            }
        } while (++attempts < 5);
        assertThat(consistent).as("a read of the set while it did not change, in 5 attempts").isTrue();
        for (String callId : acknowledged) {
            JsonObject r = calls.get(callId);
            assertThat(r).as("record of acknowledged call %s", callId).isNotNull();
            assertThat(r.getString("outcome")).isEqualTo("served");
            assertThat(r.getString("agent")).isEqualTo("crash-agent");
            assertThat(r.getJsonObject("credentials").getString("accessKeyId")).isNotBlank();
            assertThat(r.getJsonObject("aws").getString("requestId")).isNotBlank();
        }
    }

    private static boolean sameFiles(List<AuditFileSet.Member> a, List<AuditFileSet.Member> b) {
        return a.stream().map(m -> m.path().toString()).toList().equals(b.stream().map(m -> m.path().toString()).toList());
    }

    private static long countKind(Path auditFile, String kind) throws IOException {
        long n = 0;
        for (AuditFileSet.Member m : AuditFileSet.members(auditFile)) {
            try (var reader = io.jitgate.audit.LogData.reader(m.path())) {
                n += reader.lines().filter(l -> l.contains("\"kind\":\"" + kind + "\"")).count();
            }
        }
        return n;
    }

    private static Process start(Path configFile, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.jitgate.cli.Main", "serve", "--config", configFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int awaitPort(Process gateway, Path log) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (Files.exists(log)) {
                Matcher m = SERVING.matcher(Files.readString(log));
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            if (!gateway.isAlive()) {
                throw new AssertionError("the gateway exited: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the gateway did not start in 30 s: " + Files.readString(log));
    }

    /** One agent: a session, then whoami calls as fast as they return; successes are acknowledged. */
    private static void load(int port, String token, AtomicBoolean running, Set<String> acknowledged) {
        URI url = URI.create("http://127.0.0.1:" + port + "/mcp");
        try {
            HttpResponse<String> init = post(url, token, null,
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"crash\",\"version\":\"1\"}}}");
            String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
            int id = 2;
            while (running.get()) {
                HttpResponse<String> response = post(url, token, session, "{\"jsonrpc\":\"2.0\",\"id\":" + (id++)
                        + ",\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"arguments\":{}}}");
                JsonObject result = new JsonObject(response.body()).getJsonObject("result");
                if (result != null && !result.getBoolean("isError", true)) {
                    acknowledged.add(result.getJsonObject("_meta").getString("jitgate/callId"));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the gateway was killed mid-call: that call was never acknowledged
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HttpResponse<String> post(URI url, String token, String session, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            b.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
