package io.jitgate.e2e;

import static io.jitgate.e2e.McpAgent.callId;
import static io.jitgate.e2e.McpAgent.structured;
import static io.jitgate.e2e.McpAgent.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.Gateway;
import io.jitgate.aws.AwsClients;
import io.jitgate.aws.AwsEndpoints;
import io.jitgate.aws.AwsFailures;
import io.jitgate.config.GatewayConfig;
import io.jitgate.credentials.IssuedCredentials;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * What happens to a call's credentials, on the real stack (OpenBao with the AWS engine, moto with
 * authentication enforced): an {@code iam_user} key is revoked when the call ends and moto refuses
 * it afterwards; STS credentials are recorded as not revocable; a tool that narrows its credentials
 * sends exactly the call's session policy in a second AssumeRole made with the Vault-issued
 * credentials, and the call runs with the narrowed credentials only.
 *
 * <p>moto does NOT enforce STS session policies (see {@code vault-config/experiments/role_chaining.py}:
 * narrowed credentials still read objects the policy excludes). So the narrowing test can only show
 * that the policy sent is the right one, captured on the wire between the gateway and moto, and that
 * the AWS call used the narrowed key; not that AWS would refuse other objects with it.
 */
class CredentialLifetimeEndToEndTest {
    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, List<IssuedCredentials>> issued = new ConcurrentHashMap<>();
    private TestStack stack;
    private FaultProxy wire;
    private Gateway gateway;
    private McpAgent agent;
    private AwsClients direct;
    private Path auditFile;

    private FaultProxy vaultProxy;
    private volatile Runnable onIssue = () -> { };

    @BeforeEach
    void start() throws Exception {
        stack = TestStack.get();
        wire = new FaultProxy(freePort(), stack.moto.getPort()).start();
        vaultProxy = new FaultProxy(freePort(), stack.config.vault().address().getPort()).start();
        auditFile = dir.resolve("attribution.jsonl");
        GatewayConfig base = stack.gatewayConfig(auditFile);
        AwsEndpoints a = base.aws();
        GatewayConfig config = base.withAws(new AwsEndpoints(a.region(), Optional.of(URI.create(wire.url())), a.s3PathStyle(),
                a.checksumsWhenRequired(), a.accountId())).withVault(base.vault().withAddress(URI.create(vaultProxy.url())));
        gateway = Gateway.start(vertx, config, SuiteOutputs.hooks((call, credentials) -> {
            issued.computeIfAbsent(call, c -> new CopyOnWriteArrayList<>()).add(credentials);
            onIssue.run();
        })).await(30, TimeUnit.SECONDS);
        agent = new McpAgent(gateway.port(), stack.token(vertx, "lifetime-agent", List.of("dev-agents"), 10));
        direct = new AwsClients(stack.config.aws());
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
        gateway.stop().await(10, TimeUnit.SECONDS);
        direct.close();
        wire.close();
        vaultProxy.close();
        vertx.close();
    }

    @Test
    void whenVaultIsGoneAtTheEndOfTheCallTheRecordSaysTheKeyWasNotRevoked() throws Exception {
        // OpenBao goes away right after it issued the key, while the call runs.
        onIssue = vaultProxy::stop;
        McpSchema.CallToolResult result = agent.call("whoami_iam_user", Map.of());
        onIssue = () -> { };
        assertThat(result.isError()).as(text(result)).isFalse(); // the AWS call itself was made and served
        JsonObject credentials = record(callId(result)).getJsonObject("credentials");
        JsonObject revocation = credentials.getJsonObject("revocation");
        assertThat(revocation.getString("status")).isEqualTo("failed");
        assertThat(revocation.getString("detail")).contains(credentials.getString("leaseId")).contains("valid until its TTL");
        // The record tells the truth: the lease lives on in OpenBao and moto still accepts the key.
        TestStack.BaoAnswer lease = stack.root("PUT", "sys/leases/lookup", new JsonObject().put("lease_id", credentials.getString("leaseId")));
        assertThat(lease.status()).isEqualTo(200);
        assertThat(lease.body().getJsonObject("data").getLong("ttl")).isLessThanOrEqualTo(900);
        IssuedCredentials used = issued.get(callId(result)).get(0);
        assertThat(callerArn(used.provider())).contains(":user/vault-");
        // An operator (here the root token) can still revoke it; then moto refuses it.
        assertThat(stack.root("PUT", "sys/leases/revoke/" + credentials.getString("leaseId"), null).status()).isEqualTo(204);
        assertThat(refusal(used.provider())).isEqualTo("InvalidClientTokenId");
        vaultProxy.start();
    }

    @Test
    void anIamUserKeyIsRevokedWhenTheCallEndsAndMotoRefusesItAfterwards() throws Exception {
        // Control: moto really checks keys. A key Vault issued for the same role works while its lease
        // lives and is refused once the lease is revoked (by the root token here, not by the gateway).
        TestStack.BaoAnswer control = stack.root("POST", "aws/creds/whoami-iam-user", new JsonObject());
        assertThat(control.status()).as(control.body().encode()).isEqualTo(200);
        JsonObject key = control.body().getJsonObject("data");
        AwsCredentialsProvider controlKey = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(key.getString("access_key"), key.getString("secret_key")));
        assertThat(callerArn(controlKey)).contains(":user/vault-");
        assertThat(stack.root("PUT", "sys/leases/revoke/" + control.body().getString("lease_id"), null).status()).isEqualTo(204);
        assertThat(refusal(controlKey)).isEqualTo("InvalidClientTokenId");

        McpSchema.CallToolResult result = agent.call("whoami_iam_user", Map.of());
        assertThat(result.isError()).as(text(result)).isFalse();
        // The call ran as the IAM user Vault created for it, not as a role session.
        assertThat(String.valueOf(structured(result).get("arn"))).contains(":user/vault-");
        JsonObject credentials = record(callId(result)).getJsonObject("credentials");
        assertThat(credentials.getString("type")).isEqualTo("iam_user");
        assertThat(credentials.getString("leaseId")).startsWith("aws/creds/whoami-iam-user/");
        assertThat(credentials.getJsonObject("revocation").getString("status")).isEqualTo("revoked");
        IssuedCredentials used = issued.get(callId(result)).get(0);
        assertThat(used.accessKeyId()).isEqualTo(credentials.getString("accessKeyId"));

        // After the call: moto refuses the key, and OpenBao no longer knows the lease.
        assertThat(refusal(used.provider())).isEqualTo("InvalidClientTokenId");
        TestStack.BaoAnswer lease = stack.root("PUT", "sys/leases/lookup", new JsonObject().put("lease_id", credentials.getString("leaseId")));
        assertThat(lease.status()).as(lease.body().encode()).isEqualTo(400);

        // STS credentials cannot be revoked one by one: the record says so rather than claiming it.
        McpSchema.CallToolResult sts = agent.call("whoami", Map.of());
        JsonObject stsCredentials = record(callId(sts)).getJsonObject("credentials");
        assertThat(stsCredentials.getString("type")).isEqualTo("assumed_role");
        assertThat(stsCredentials.getJsonObject("revocation").getString("status")).isEqualTo("not_revocable");
        assertThat(callerArn(issued.get(callId(sts)).get(0).provider())).contains(":assumed-role/jitgate-tool-whoami/");
    }

    @Test
    void aNarrowingToolSendsExactlyTheCallsSessionPolicyAndUsesOnlyTheNarrowedKey() throws Exception {
        wire.tap();
        String key = "notes/a*b?.txt"; // wildcard characters in an argument must not widen the policy
        McpSchema.CallToolResult absent = agent.call("s3_read_object", Map.of("bucket", "jitgate-demo", "key", key));
        McpSchema.CallToolResult result = agent.call("s3_read_object", Map.of("bucket", "jitgate-demo", "key", "readme.txt"));
        assertThat(result.isError()).as(text(result)).isFalse();
        String expected = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ThisCallOnly\",\"Effect\":\"Allow\","
                + "\"Action\":[\"s3:GetObject\"],\"Resource\":[\"arn:aws:s3:::jitgate-demo/readme.txt\"]}]}";

        List<IssuedCredentials> held = issued.get(callId(result));
        assertThat(held).hasSize(2); // what Vault issued, then the narrowed credentials made with it
        IssuedCredentials fromVault = held.get(0);
        IssuedCredentials narrowed = held.get(1);
        JsonObject credentials = record(callId(result)).getJsonObject("credentials");
        assertThat(credentials.getString("sessionPolicy")).isEqualTo(expected);
        assertThat(credentials.getString("issuedAccessKeyId")).isEqualTo(fromVault.accessKeyId());
        assertThat(credentials.getString("accessKeyId")).isEqualTo(narrowed.accessKeyId()).isNotEqualTo(fromVault.accessKeyId());
        assertThat(credentials.getJsonObject("revocation").getString("status")).isEqualTo("not_revocable");

        // On the wire to moto: one AssumeRole per call, signed with the Vault-issued key, for the tool's
        // own role, with the call's session name and exactly the expected policy; the GetObject was
        // signed with the narrowed key.
        List<Map<String, String>> assumeRoles = formRequests(wire.tapped(), "AssumeRole");
        Map<String, String> hop = assumeRoles.stream()
                .filter(r -> r.get("_credential").equals(fromVault.accessKeyId())).findFirst().orElseThrow();
        assertThat(hop.get("RoleArn")).isEqualTo("arn:aws:iam::123456789012:role/jitgate-tool-s3-read-object");
        assertThat(hop.get("RoleSessionName")).isEqualTo(narrowed.roleSessionName()).contains(callId(result).substring(0, 8));
        assertThat(hop.get("Policy")).isEqualTo(expected);
        assertThat(hop.get("DurationSeconds")).isEqualTo("900");
        assertThat(signedWith(wire.tapped(), "GET /jitgate-demo/readme.txt")).isEqualTo(narrowed.accessKeyId());

        // The wildcard call: its policy names the key with IAM's escapes, so it matches that key only.
        Map<String, String> escaped = assumeRoles.stream()
                .filter(r -> r.get("_credential").equals(issued.get(callId(absent)).get(0).accessKeyId())).findFirst().orElseThrow();
        assertThat(new JsonObject(escaped.get("Policy")).getJsonArray("Statement").getJsonObject(0).getJsonArray("Resource"))
                .isEqualTo(new JsonArray().add("arn:aws:s3:::jitgate-demo/notes/a${*}b${?}.txt"));
    }

    @Test
    void aSessionPolicyLargerThanStsAcceptsRefusesTheCallBeforeVaultIsAsked() throws Exception {
        wire.tap();
        long vaultBefore = stack.openBaoCredentialRequests();
        // 600 '*' become 600 IAM escapes "${*}": a 2,400-character resource, more than STS's 2,048.
        McpSchema.CallToolResult result = agent.call("s3_read_object", Map.of("bucket", "jitgate-demo", "key", "*".repeat(600)));
        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains("more than the 2048 STS accepts");
        JsonObject record = record(callId(result));
        assertThat(record.getString("reason")).isEqualTo("credentials_unavailable");
        assertThat(record.getValue("credentials")).isNull();
        assertThat(stack.openBaoCredentialRequests()).isEqualTo(vaultBefore);
        assertThat(wire.tapped()).isEmpty();
    }

    /** The caller ARN moto reports for {@code key}. */
    private String callerArn(AwsCredentialsProvider key) throws Exception {
        return direct.sts().getCallerIdentity(b -> b.overrideConfiguration(o -> o.credentialsProvider(key)))
                .get(20, TimeUnit.SECONDS).arn();
    }

    /** The error code moto answers a request signed with {@code key}; fails if moto serves it. */
    private String refusal(AwsCredentialsProvider key) {
        try {
            String arn = callerArn(key);
            throw new AssertionError("moto served a request signed with the key (" + arn + ")");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable root = AwsFailures.unwrap(e.getCause());
            assertThat(root).isInstanceOf(AwsServiceException.class);
            AwsServiceException aws = (AwsServiceException) root;
            if (aws.awsErrorDetails().errorCode() != null) {
                return aws.awsErrorDetails().errorCode();
            }
            // The SDK's STS client does not map moto's error body to a code; read it from the body.
            String body = aws.awsErrorDetails().rawResponse() == null ? "" : aws.awsErrorDetails().rawResponse().asUtf8String();
            Matcher code = Pattern.compile("<Code>([^<]+)</Code>").matcher(body);
            return code.find() ? code.group(1) : "HTTP " + aws.statusCode() + ": " + body;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JsonObject record(String callId) throws Exception {
        for (String line : Files.readAllLines(auditFile)) {
            JsonObject r = new JsonObject(line);
            if (callId.equals(r.getString("callId"))) {
                return r;
            }
        }
        throw new AssertionError("no record for call " + callId);
    }

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([A-Z0-9]+)/");

    /** The form-encoded query requests for {@code action} in {@code wire}, with the signing key id under {@code _credential}. */
    static List<Map<String, String>> formRequests(String wire, String action) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String request : wire.split("(?=POST / HTTP/1\\.1\r\n)")) {
            int body = request.indexOf("\r\n\r\n");
            if (body < 0 || !request.startsWith("POST / ")) {
                continue;
            }
            Map<String, String> form = new java.util.LinkedHashMap<>();
            String head = request.substring(0, body);
            int length = Integer.parseInt(header(head, "Content-Length"));
            String text = request.substring(body + 4, Math.min(request.length(), body + 4 + length));
            for (String pair : text.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            Matcher m = CREDENTIAL.matcher(header(head, "Authorization"));
            form.put("_credential", m.find() ? m.group(1) : "");
            if (action.equals(form.get("Action"))) {
                out.add(form);
            }
        }
        return out;
    }

    /** The access key id that signed the request starting with {@code requestLine}. */
    static String signedWith(String wire, String requestLine) {
        int at = wire.indexOf(requestLine);
        assertThat(at).as("a request " + requestLine + " on the wire").isGreaterThanOrEqualTo(0);
        String head = wire.substring(at, wire.indexOf("\r\n\r\n", at));
        Matcher m = CREDENTIAL.matcher(header(head, "Authorization"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
    }
}
