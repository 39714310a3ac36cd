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
        GatewayConfig.HttpSettings http = config.http();
        return new GatewayConfig(new GatewayConfig.HttpSettings(http.host(), 0, http.maxBodyBytes(), http.allowedOrigins()),
                config.toolsDir(), config.policiesDir(), auditFile, config.auth(), config.vault(), config.aws(),
                config.awsCallTimeout(), config.resilience());
    }

    String token(Vertx vertx, String agent, List<String> groups, int minutes) {
        return new DevTokens(vertx, privateKeyPem, "jitgate-dev", config.auth().audience())
                .mint(agent, "alice", groups, "dev", minutes);
    }

    /** How many credential requests ({@code aws/sts/...}) OpenBao's own audit log has recorded. */
    long openBaoCredentialRequests() throws IOException {
        Path log = state.resolve("logs/bao-audit.log");
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.map(JsonObject::new)
                    .filter(r -> "request".equals(r.getString("type")))
                    .filter(r -> r.getJsonObject("request", new JsonObject()).getString("path", "").startsWith("aws/sts/"))
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
