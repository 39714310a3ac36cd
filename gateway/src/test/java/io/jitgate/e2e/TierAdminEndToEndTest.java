package io.jitgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.Gateway;
import io.jitgate.admin.AdminSettings;
import io.jitgate.audit.AuditSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operators change a tool's tier at run time: recorded with who, saved, in force for the next call, kept across a restart. */
class TierAdminEndToEndTest {
    static final String KEY = "operator-key-for-the-tier-test-0123456789";
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> admin(int port, String method, String path, String body, String bearer) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonObject whoami(HttpMcp mcp, String session) throws Exception {
        return mcp.rpc(session, "tools/call", new JsonObject().put("name", "whoami").put("arguments", new JsonObject()))
                .getJsonObject("result");
    }

    @Test
    void anOperatorsTierIsRecordedSavedAppliedAndKept(@TempDir Path dir) throws Exception {
        TestStack stack = TestStack.get();
        Vertx vertx = Vertx.vertx();
        Path auditFile = dir.resolve("attribution.jsonl");
        var config = stack.gatewayConfig(auditFile, AuditSettings.DEFAULTS, AdminSettings.withKey(KEY));
        String agentToken = stack.token(vertx, "tier-agent", List.of("dev-agents"), 30);
        try {
            Gateway gateway = Gateway.start(vertx, config, SuiteOutputs.hooks()).await(30, TimeUnit.SECONDS);
            int port = gateway.port();
            assertThat(admin(port, "GET", "/admin/tiers", null, agentToken).statusCode()).as("an agent's token").isEqualTo(401);
            assertThat(admin(port, "PUT", "/admin/tiers/whoami", "{\"tier\":\"deny\",\"operator\":\"mallory\"}", agentToken)
                    .statusCode()).isEqualTo(401);
            JsonObject before = new JsonObject(admin(port, "GET", "/admin/tiers", null, KEY).body());
            assertThat(before.getJsonObject("tools").getJsonObject("whoami").getString("inForce")).isEqualTo("auto");

            HttpResponse<String> unknownTool = admin(port, "PUT", "/admin/tiers/no_such_tool", "{\"tier\":\"deny\",\"operator\":\"ops\"}", KEY);
            assertThat(unknownTool.statusCode()).isEqualTo(404);
            assertThat(unknownTool.body()).contains("no_such_tool");
            HttpResponse<String> unknownTier = admin(port, "PUT", "/admin/tiers/whoami", "{\"tier\":\"sometimes\",\"operator\":\"ops\"}", KEY);
            assertThat(unknownTier.statusCode()).isEqualTo(400);
            assertThat(unknownTier.body()).contains("sometimes").contains("auto, confirm, approve, deny");
            assertThat(admin(port, "PUT", "/admin/tiers/whoami", "{\"tier\":\"deny\"}", KEY).statusCode()).as("no operator named").isEqualTo(400);
            assertThat(new JsonObject(admin(port, "GET", "/admin/tiers", null, KEY).body()).getJsonObject("tools")
                    .getJsonObject("whoami").getString("inForce")).as("refused changes change nothing").isEqualTo("auto");

            HttpMcp mcp = new HttpMcp(port, agentToken);
            String session = mcp.initialize("2025-11-25");
            assertThat(whoami(mcp, session).getBoolean("isError")).isFalse();
            HttpResponse<String> set = admin(port, "PUT", "/admin/tiers/whoami",
                    "{\"tier\":\"deny\",\"operator\":\"ops-alice\",\"comment\":\"incident 42\"}", KEY);
            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
            JsonObject denied = whoami(mcp, session);
            assertThat(denied.getBoolean("isError")).isTrue();
            assertThat(denied.getJsonObject("_meta").getString("jitgate/reason")).isEqualTo("tier_denied");
            gateway.stop().await(10, TimeUnit.SECONDS);

            JsonObject change = Files.readAllLines(auditFile).stream().map(JsonObject::new)
                    .filter(r -> "tier_changed".equals(r.getString("action"))).findFirst().orElseThrow();
            assertThat(change.getString("actor")).isEqualTo("ops-alice");
            assertThat(change.getString("subject")).isEqualTo("whoami");
            assertThat(change.getJsonObject("detail").getString("from")).isEqualTo("auto");
            assertThat(change.getJsonObject("detail").getString("to")).isEqualTo("deny");
            io.jitgate.audit.RecordSchema schema = io.jitgate.audit.RecordSchema.load();
            for (String line : Files.readAllLines(auditFile)) {
                assertThat(schema.problem(new JsonObject(line))).as(line).isEmpty();
            }

            Gateway restarted = Gateway.start(vertx, config, SuiteOutputs.hooks()).await(30, TimeUnit.SECONDS);
            HttpMcp again = new HttpMcp(restarted.port(), agentToken);
            String second = again.initialize("2025-11-25");
            assertThat(whoami(again, second).getJsonObject("_meta").getString("jitgate/reason")).as("kept across a restart")
                    .isEqualTo("tier_denied");
            String url = "http://127.0.0.1:" + restarted.port();
            assertThat(io.jitgate.cli.Main.run("tiers", "set", "whoami", "sometimes", "--url", url, "--key", KEY, "--operator", "ops-alice"))
                    .as("the CLI refuses an unknown tier").isEqualTo(1);
            assertThat(io.jitgate.cli.Main.run("tiers", "set", "whoami", "auto", "--url", url, "--key", KEY, "--operator", "ops-alice",
                    "--comment", "incident closed")).isZero();
            assertThat(whoami(again, second).getBoolean("isError")).isFalse();
            restarted.stop().await(10, TimeUnit.SECONDS);
        } finally {
            vertx.close();
        }
    }
}
