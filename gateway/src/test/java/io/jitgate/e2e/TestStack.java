package io.jitgate.e2e;

import io.jitgate.auth.DevTokens;
import io.jitgate.config.ConfigLoader;
import io.jitgate.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The real stack that {@code ./jitgate test} started and bootstrapped (OpenBao with the AWS engine,
 * moto with authentication enforced), found through {@code JITGATE_TEST_STATE}. End-to-end tests run
 * the gateway in-process against it; nothing here is a mock.
 */
final class TestStack {
    private static TestStack instance;

    final Path state;
    final GatewayConfig config;
    final String rootToken;
    final URI moto;
    final String privateKeyPem;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestStack(Path state) throws IOException {
        this.state = state;
        this.config = ConfigLoader.load(state.resolve("gateway.json"));
        this.rootToken = Files.readString(state.resolve("run/bao-root-token")).trim();
        this.moto = config.aws().endpoint().orElseThrow();
        this.privateKeyPem = Files.readString(state.resolve("jwt-private.pem"));
    }

    static synchronized TestStack get() throws IOException {
        if (instance == null) {
            String dir = System.getenv("JITGATE_TEST_STATE");
            if (dir == null || !Files.isRegularFile(Path.of(dir, "gateway.json"))) {
                throw new IllegalStateException("end-to-end tests need the real stack: run them with ./jitgate test "
                        + "(JITGATE_TEST_STATE is " + dir + ")");
            }
            instance = new TestStack(Path.of(dir));
        }
        return instance;
    }

    /** The stack's gateway configuration, on a free port and with its own attribution log. */
    GatewayConfig gatewayConfig(Path auditFile) {
        return gatewayConfig(auditFile, io.jitgate.audit.AuditSettings.DEFAULTS, io.jitgate.admin.AdminSettings.DISABLED);
    }

    /** The same, with audit settings and an admin API of the test's choosing. */
    GatewayConfig gatewayConfig(Path auditFile, io.jitgate.audit.AuditSettings audit, io.jitgate.admin.AdminSettings admin) {
        GatewayConfig.HttpSettings http = config.http();
        return gatewayConfig(auditFile, new GatewayConfig.HttpSettings(http.host(), 0, http.maxBodyBytes(), http.allowedOrigins()),
                audit, admin);
    }

    GatewayConfig gatewayConfig(Path auditFile, GatewayConfig.HttpSettings http) {
        return gatewayConfig(auditFile, http, io.jitgate.audit.AuditSettings.DEFAULTS, io.jitgate.admin.AdminSettings.DISABLED);
    }

    GatewayConfig gatewayConfig(Path auditFile, GatewayConfig.HttpSettings http, io.jitgate.audit.AuditSettings audit,
            io.jitgate.admin.AdminSettings admin) {
        return new GatewayConfig(http, config.toolsDir(), config.policiesDir(), auditFile, config.auth(), config.vault(), config.aws(),
                config.awsCallTimeout(), audit, admin, io.jitgate.telemetry.Telemetry.Settings.OFF, config.resilience());
    }

    /** A token with explicit scopes (the usual dev tokens carry tools:list and tools:call). */
    String tokenWithScope(Vertx vertx, String agent, String scope) {
        io.vertx.ext.auth.jwt.JWTAuth signer = io.vertx.ext.auth.jwt.JWTAuth.create(vertx, new io.vertx.ext.auth.jwt.JWTAuthOptions()
                .addPubSecKey(new io.vertx.ext.auth.PubSecKeyOptions().setAlgorithm("ES256").setBuffer(privateKeyPem)));
        return signer.generateToken(new JsonObject().put("user", "alice").put("groups", new io.vertx.core.json.JsonArray().add("dev-agents"))
                .put("scope", scope), new io.vertx.ext.auth.JWTOptions().setAlgorithm("ES256").setIssuer("jitgate-dev")
                .setAudience(List.of(config.auth().audience())).setSubject(agent).setExpiresInMinutes(10));
    }

    String token(Vertx vertx, String agent, List<String> groups, int minutes) {
        return new DevTokens(vertx, privateKeyPem, "jitgate-dev", config.auth().audience())
                .mint(agent, "alice", groups, "dev", minutes);
    }

    /** How many credential requests ({@code aws/sts/...} and {@code aws/creds/...}) OpenBao's own audit log has recorded. */
    long openBaoCredentialRequests() throws IOException {
        Path log = state.resolve("logs/bao-audit.log");
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.map(JsonObject::new)
                    .filter(r -> "request".equals(r.getString("type")))
                    .map(r -> r.getJsonObject("request", new JsonObject()).getString("path", ""))
                    .filter(path -> path.startsWith("aws/sts/") || path.startsWith("aws/creds/"))
                    .count();
        }
    }

    /** Credentials for a tool role, asked of OpenBao with the root token: an independent way to look at AWS. */
    AwsSessionCredentials rootIssued(String vaultRole) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(config.vault().address() + "/v1/aws/sts/" + vaultRole))
                .header("X-Vault-Token", rootToken)
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("ttl", "900s")
                        .put("role_session_name", "jitgate-e2e-check").encode()))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("OpenBao refused aws/sts/" + vaultRole + ": " + response.statusCode() + " " + response.body());
        }
        JsonObject data = new JsonObject(response.body()).getJsonObject("data");
        return AwsSessionCredentials.create(data.getString("access_key"), data.getString("secret_key"),
                data.getString("security_token", data.getString("session_token")));
    }

    /** An OpenBao answer: the HTTP status and the JSON body (empty when there is none). */
    record BaoAnswer(int status, JsonObject body) {
    }

    /** A request to OpenBao with {@code token} (the root token for set-up; another identity for proofs). */
    BaoAnswer bao(String token, String method, String path, JsonObject body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.vault().address() + "/v1/" + path))
                .header("X-Vault-Token", token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        return new BaoAnswer(response.statusCode(), text == null || text.isBlank() ? new JsonObject() : new JsonObject(text));
    }

    BaoAnswer root(String method, String path, JsonObject body) throws IOException, InterruptedException {
        return bao(rootToken, method, path, body);
    }

    /** How many requests to {@code path} (exactly) OpenBao's audit log has recorded. */
    long openBaoRequests(String path) throws IOException {
        Path log = state.resolve("logs/bao-audit.log");
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.map(JsonObject::new)
                    .filter(r -> "request".equals(r.getString("type")))
                    .filter(r -> path.equals(r.getJsonObject("request", new JsonObject()).getString("path", "")))
                    .count();
        }
    }

    /**
     * The responses OpenBao's audit log has recorded for {@code path} (exactly) whose token came from
     * AppRole {@code appRole} (the log keeps the role name in the token's metadata).
     */
    java.util.List<JsonObject> openBaoResponses(String path, String appRole) throws IOException {
        return openBaoResponses(path).stream()
                .filter(r -> path.equals(r.getJsonObject("request").getString("path")))
                .filter(r -> appRole.equals(r.getJsonObject("auth", new JsonObject()).getJsonObject("metadata", new JsonObject())
                        .getString("role_name")))
                .toList();
    }

    /** How OpenBao's audit device renders {@code input} (HMAC-SHA256 with its own key). */
    String auditHash(String input) throws IOException, InterruptedException {
        return root("POST", "sys/audit-hash/file", new JsonObject().put("input", input)).body()
                .getJsonObject("data", new JsonObject()).getString("hash");
    }

    /** Every response OpenBao's audit log has recorded for a path starting with {@code prefix}. */
    java.util.List<JsonObject> openBaoResponses(String prefix) throws IOException {
        Path log = state.resolve("logs/bao-audit.log");
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.map(JsonObject::new)
                    .filter(r -> "response".equals(r.getString("type")))
                    .filter(r -> r.getJsonObject("request", new JsonObject()).getString("path", "").startsWith(prefix))
                    .toList();
        }
    }

    /**
     * A new AppRole with the gateway's ACL and the given token lifetimes, for tests that renew or
     * revoke the gateway's token without touching the shared one. Returns its role id and writes its
     * secret id to {@code secretIdFile}.
     */
    String appRole(String name, String tokenTtl, String tokenMaxTtl, Path secretIdFile) throws IOException, InterruptedException {
        BaoAnswer created = root("POST", "auth/approle/role/" + name, new JsonObject()
                .put("token_policies", "jitgate-gateway").put("token_ttl", tokenTtl).put("token_max_ttl", tokenMaxTtl));
        if (created.status() / 100 != 2) {
            throw new IllegalStateException("cannot create AppRole " + name + ": " + created);
        }
        String roleId = root("GET", "auth/approle/role/" + name + "/role-id", null).body().getJsonObject("data").getString("role_id");
        String secretId = root("POST", "auth/approle/role/" + name + "/secret-id", new JsonObject())
                .body().getJsonObject("data").getString("secret_id");
        Files.writeString(secretIdFile, secretId);
        return roleId;
    }

    /** Revokes every token that AppRole {@code name} issued (as an operator would); returns how many. */
    int revokeTokensOf(String name) throws IOException, InterruptedException {
        BaoAnswer list = root("GET", "auth/token/accessors?list=true", null);
        int revoked = 0;
        for (Object accessor : list.body().getJsonObject("data").getJsonArray("keys")) {
            BaoAnswer info = root("POST", "auth/token/lookup-accessor", new JsonObject().put("accessor", accessor));
            JsonObject meta = info.body().getJsonObject("data", new JsonObject()).getJsonObject("meta");
            if (meta != null && name.equals(meta.getString("role_name"))) {
                root("POST", "auth/token/revoke-accessor", new JsonObject().put("accessor", accessor));
                revoked++;
            }
        }
        return revoked;
    }

    S3Client s3(AwsSessionCredentials credentials) {
        return S3Client.builder().endpointOverride(moto).region(Region.US_EAST_1).forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).build();
    }

    /** Which AWS engine the stack runs: the pinned OpenBao plugin, or the fallback (see vault-config/README.md). */
    String awsEngine() throws IOException {
        Path source = Path.of(System.getProperty("jitgate.root", "..")).resolve(".jitgate/aws-plugin.source");
        return Files.exists(source) ? Files.readString(source).trim().split("\\s+")[0] : "unknown";
    }
}
