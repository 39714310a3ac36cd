package io.jitgate.e2e;

import static io.jitgate.e2e.HeldCalls.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.Gateway;
import io.jitgate.approvals.ApprovalSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's approval page in a real browser: Debian's chromium, headless, driven by
 * playwright-core ({@code browser/approval-page-check.mjs}). An agent's call waits; the operator
 * approves it on the page; the agent receives its result and the record names the operator.
 * {@code ./jitgate test} installs chromium and playwright-core first ({@code scripts/browser-setup.sh}).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ApprovalPageBrowserTest {

    static Path browserDir(Path root) {
        String dir = System.getenv("JITGATE_BROWSER_DIR");
        Path path = dir != null ? Path.of(dir) : root.resolve(".jitgate/browser");
        if (!Files.isDirectory(path.resolve("node_modules/playwright-core")) || !Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            throw new IllegalStateException("the browser test needs /usr/bin/chromium and playwright-core in " + path
                    + ": run scripts/browser-setup.sh (./jitgate test does)");
        }
        return path;
    }

    @Test
    void anOperatorApprovesAHeldCallOnThePageAndTheAgentGetsItsResult(@TempDir Path dir) throws Exception {
        Path root = Path.of(System.getProperty("jitgate.root", "..")).toAbsolutePath().normalize();
        Path browser = browserDir(root);
        TestStack stack = TestStack.get();
        Vertx vertx = Vertx.vertx();
        Path auditFile = dir.resolve("attribution.jsonl");
        try {
            Gateway gateway = Gateway.start(vertx, HeldCalls.config(stack, auditFile, ApprovalSettings.DEFAULTS), SuiteOutputs.hooks())
                    .await(30, TimeUnit.SECONDS);
            HttpMcp mcp = new HttpMcp(gateway.port(), stack.token(vertx, "page-agent", List.of("dev-agents"), 30));
            String session = mcp.initialize("2025-11-25");
            String key = "reports/" + UUID.randomUUID() + ".txt";
            CompletableFuture<HttpResponse<String>> waiting = HeldCalls.sendStreaming(mcp, session, HeldCalls.call("s3_write_object",
                    new JsonObject().put("bucket", "jitgate-demo").put("key", key).put("text", "from the page test"),
                    new JsonObject().put("progressToken", "page")));
            String id = HeldCalls.awaitPending(gateway, a -> key.equals(a.getJsonObject("arguments").getString("key"))).getString("id");

            Path output = dir.resolve("browser.out");
            ProcessBuilder node = new ProcessBuilder("node", root.resolve("browser/approval-page-check.mjs").toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            node.environment().putAll(java.util.Map.of("JITGATE_BROWSER_DIR", browser.toString(),
                    "PAGE_URL", "http://127.0.0.1:" + gateway.port() + "/admin/ui/approvals", "ADMIN_KEY", KEY,
                    "OPERATOR", "ops-browser", "APPROVAL_ID", id, "COMMENT", "approved in the browser"));
            Process process = node.start();
            assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("the browser check finished").isTrue();
            String printed = Files.readString(output);
            assertThat(process.exitValue()).as(printed).isZero();
            JsonObject seen = new JsonObject(printed.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
            assertThat(seen.getString("rowText")).contains("page-agent").contains("s3_write_object").contains(key)
                    .contains("[redacted]").contains("publish the weekly report").doesNotContain("from the page test");

            JsonObject result = HeldCalls.finalResult(waiting.get(60, TimeUnit.SECONDS).body());
            assertThat(result.getBoolean("isError")).as(result.encode()).isFalse();
            gateway.stop().await(10, TimeUnit.SECONDS);
            JsonObject approval = HeldCalls.callRecord(auditFile, id).getJsonObject("approval");
            assertThat(approval.getString("decidedBy")).isEqualTo("ops-browser");
            assertThat(approval.getString("comment")).isEqualTo("approved in the browser");
        } finally {
            vertx.close();
        }
    }
}
