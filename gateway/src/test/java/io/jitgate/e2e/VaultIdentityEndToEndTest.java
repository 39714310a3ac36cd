package io.jitgate.e2e;

import static io.jitgate.e2e.McpAgent.callId;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.Gateway;
import io.jitgate.config.GatewayConfig;
import io.jitgate.credentials.IssuedCredentials;
import io.jitgate.credentials.VaultSettings;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's own OpenBao identity on the real stack: it renews its token before expiry, logs in
 * again when an operator revokes it, asks for 900 s credentials whatever the Vault role allows, and
 * can do nothing in OpenBao but issue its tools' credentials (refused by OpenBao itself).
 */
class VaultIdentityEndToEndTest {
    static TestStack stack;
    static Vertx vertx;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        stack = TestStack.get();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    /** Waits (at most {@code seconds}) for {@code condition}; no timing is asserted, only the outcome. */
    static boolean eventually(int seconds, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    private Gateway start(String appRole, String ttl, String maxTtl, Map<String, IssuedCredentials> issued) throws Exception {
        Path secretId = dir.resolve(appRole + ".secret-id");
        String roleId = stack.appRole(appRole, ttl, maxTtl, secretId);
        GatewayConfig base = stack.gatewayConfig(dir.resolve(appRole + ".jsonl"));
        GatewayConfig config = base.withVault(base.vault().withAppRole(roleId, secretId));
        return Gateway.start(vertx, config, SuiteOutputs.hooks(issued::put)).await(30, TimeUnit.SECONDS);
    }

    @Test
    void theGatewayRenewsItsTokenBeforeItExpiresInsteadOfLoggingInAgain() throws Exception {
        String role = "jitgate-renew-test";
        Gateway gateway = start(role, "3s", "5m", new ConcurrentHashMap<>());
        try (McpAgent agent = new McpAgent(gateway.port(), stack.token(vertx, "renew-agent", List.of("dev-agents"), 10))) {
            // A 3 s token: by the third renewal the first token's lifetime is long past.
            assertThat(eventually(20, () -> count("auth/token/renew-self", role) >= 3))
                    .as("renew-self requests in OpenBao's audit log").isTrue();
            McpSchema.CallToolResult result = agent.call("whoami", Map.of());
            assertThat(result.isError()).as(McpAgent.text(result)).isFalse();
            assertThat(count("auth/approle/login", role)).as("AppRole logins").isEqualTo(1);
            assertThat(gateway.vaultHealth().status()).isEqualTo("ok");
        } finally {
            gateway.stop().await(10, TimeUnit.SECONDS);
        }
    }

    private static long count(String path, String appRole) {
        try {
            return stack.openBaoResponses(path, appRole).size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void whenAnOperatorRevokesTheGatewaysTokenItLogsInAgainWithoutARestart() throws Exception {
        Gateway gateway = start("jitgate-revoke-test", "1h", "24h", new ConcurrentHashMap<>());
        try (McpAgent agent = new McpAgent(gateway.port(), stack.token(vertx, "revoke-agent", List.of("dev-agents"), 10))) {
            assertThat(agent.call("whoami", Map.of()).isError()).isFalse();
            assertThat(count("auth/approle/login", "jitgate-revoke-test")).isEqualTo(1);
            assertThat(stack.revokeTokensOf("jitgate-revoke-test")).as("tokens revoked").isEqualTo(1);

            McpSchema.CallToolResult after = agent.call("whoami", Map.of());
            assertThat(after.isError()).as(McpAgent.text(after)).isFalse();
            assertThat(count("auth/approle/login", "jitgate-revoke-test")).as("a second AppRole login").isEqualTo(2);
            assertThat(gateway.vaultHealth().status()).isEqualTo("ok");
        } finally {
            gateway.stop().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyCallsCredentialsLiveExactlyTheStsMinimum() throws Exception {
        Map<String, IssuedCredentials> issued = new ConcurrentHashMap<>();
        Gateway gateway = start("jitgate-ttl-test", "1h", "24h", issued);
        try (McpAgent agent = new McpAgent(gateway.port(), stack.token(vertx, "ttl-agent", List.of("dev-agents"), 10))) {
            // The Vault role allows up to 900 s; the gateway must ask for 900 s, never less (STS refuses
            // less) and never take more. OpenBao's audit log shows the ttl it was asked for.
            McpSchema.CallToolResult result = agent.call("whoami", Map.of());
            assertThat(issued.get(callId(result)).ttlSeconds()).isEqualTo(900);
            List<JsonObject> requests = stack.openBaoResponses("aws/sts/whoami", "jitgate-ttl-test");
            assertThat(requests).hasSize(1);
            assertThat(requests.get(0).getJsonObject("request").getJsonObject("data").getString("ttl"))
                    .as("the ttl the gateway sent, as OpenBao's audit log shows it").isEqualTo(stack.auditHash("900s"));
        } finally {
            gateway.stop().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aConfiguredLifetimeBelowTheStsMinimumIsRefusedAtLoad() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> stack.config.vault().withAppRole("r", Path.of("x"))))
                .isNull();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new VaultSettings(stack.config.vault().address(), "approle",
                "r", Path.of("x"), null, "aws", Duration.ofSeconds(899), Duration.ofSeconds(5))))
                .hasMessageContaining("PT14M59S");
    }

    @Test
    void theGatewaysOpenBaoIdentityCanIssueItsToolRolesAndNothingElse() throws Exception {
        // Log in exactly as the gateway does, with its own role id and secret id.
        String secretId = Files.readString(stack.config.vault().secretIdFile()).trim();
        TestStack.BaoAnswer login = stack.bao("", "POST", "auth/approle/login",
                new JsonObject().put("role_id", stack.config.vault().roleId()).put("secret_id", secretId));
        assertThat(login.status()).isEqualTo(200);
        String token = login.body().getJsonObject("auth").getString("client_token");

        // Positive control: what the gateway needs works, so the refusals below are about the paths.
        assertThat(stack.bao(token, "POST", "aws/sts/whoami", new JsonObject().put("ttl", "900s")
                .put("role_session_name", "jitgate-proof")).status()).isEqualTo(200);

        Map<String, TestStack.BaoAnswer> refused = new java.util.LinkedHashMap<>();
        refused.put("issue without a role session name", stack.bao(token, "POST", "aws/sts/whoami", new JsonObject().put("ttl", "900s")));
        refused.put("issue a role that is no tool's", stack.bao(token, "POST", "aws/sts/not-a-tool",
                new JsonObject().put("role_session_name", "x")));
        refused.put("read the AWS root config", stack.bao(token, "GET", "aws/config/root", null));
        refused.put("rewrite the AWS root config", stack.bao(token, "POST", "aws/config/root", new JsonObject().put("region", "x")));
        refused.put("read a tool role", stack.bao(token, "GET", "aws/roles/whoami", null));
        refused.put("change a tool role", stack.bao(token, "POST", "aws/roles/whoami", new JsonObject().put("role_arns", "x")));
        refused.put("revoke any lease (lease id in the body)", stack.bao(token, "PUT", "sys/leases/revoke",
                new JsonObject().put("lease_id", "aws/creds/whoami-iam-user/x")));
        refused.put("revoke a lease of another path", stack.bao(token, "PUT", "sys/leases/revoke/auth/approle/login/x", null));
        refused.put("revoke every lease of a prefix", stack.bao(token, "PUT", "sys/leases/revoke-prefix/aws/creds/whoami-iam-user", null));
        refused.put("issue an iam_user key for a role that is no tool's", stack.bao(token, "POST", "aws/creds/not-a-tool", new JsonObject()));
        refused.put("list AWS leases", stack.bao(token, "GET", "sys/leases/lookup/aws/sts?list=true", null));
        refused.put("read its own ACL", stack.bao(token, "GET", "sys/policies/acl/jitgate-gateway", null));
        refused.put("mint itself a secret id", stack.bao(token, "POST", "auth/approle/role/jitgate-gateway/secret-id", new JsonObject()));
        refused.put("read its role id", stack.bao(token, "GET", "auth/approle/role/jitgate-gateway/role-id", null));
        refused.put("create a child token", stack.bao(token, "POST", "auth/token/create", new JsonObject()));
        refused.put("list mounts", stack.bao(token, "GET", "sys/mounts", null));
        refused.put("read a KV secret", stack.bao(token, "GET", "secret/data/anything", null));
        refused.put("read the audit devices", stack.bao(token, "GET", "sys/audit", null));
        refused.forEach((what, answer) -> assertThat(answer.status()).as(what + ": " + answer.body()).isEqualTo(403));
        stack.bao(token, "POST", "auth/token/revoke-self", new JsonObject());
    }

    @Test
    void aRefusedLoginStartsTheGatewayButItSaysSoAndServesNothing() throws Exception {
        Path wrong = dir.resolve("wrong.secret-id");
        Files.writeString(wrong, "00000000-0000-0000-0000-000000000000");
        GatewayConfig base = stack.gatewayConfig(dir.resolve("refused.jsonl"));
        GatewayConfig config = base.withVault(base.vault().withAppRole(base.vault().roleId(), wrong));
        long issuedBefore = stack.openBaoCredentialRequests();
        Gateway gateway = Gateway.start(vertx, config, SuiteOutputs.hooks()).await(30, TimeUnit.SECONDS);
        try (McpAgent agent = new McpAgent(gateway.port(), stack.token(vertx, "refused-agent", List.of("dev-agents"), 10))) {
            assertThat(gateway.vaultHealth().status()).isEqualTo("login_failed");
            java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + gateway.port() + "/healthz")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(new JsonObject(health.body()).getJsonObject("vault").getString("status")).isEqualTo("login_failed");
            McpSchema.CallToolResult call = agent.call("whoami", Map.of());
            assertThat(call.meta().get("jitgate/reason")).isEqualTo("credentials_unavailable");
            assertThat(McpAgent.text(call)).isEqualTo("credentials unavailable");
            assertThat(stack.openBaoCredentialRequests()).as("credential requests reaching OpenBao").isEqualTo(issuedBefore);
        } finally {
            gateway.stop().await(10, TimeUnit.SECONDS);
        }
    }
}
