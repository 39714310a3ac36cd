package io.jitgate.cli;

import io.jitgate.auth.DevTokens;
import io.jitgate.provision.DevBootstrap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jitgate dev-setup}: bootstraps a fresh dev stack (see {@link DevBootstrap}) and writes what
 * the gateway needs into the state folder: signing keys, the AppRole secret id (mode 600), the
 * gateway's configuration and {@code agent.env} with the MCP URL and a dev agent token.
 */
@Command(name = "dev-setup", mixinStandardHelpOptions = true, description = "Bootstrap a fresh development stack (OpenBao + moto) and write the gateway's configuration.")
final class DevSetupCommand implements Callable<Integer> {
    static final String ISSUER = "jitgate-dev";

    @Option(names = "--state", required = true, description = "the dev state folder, e.g. .jitgate/dev")
    Path state;

    @Option(names = "--tools", required = true)
    Path tools;

    @Option(names = "--policies", required = true)
    Path policies;

    @Option(names = "--moto", required = true, description = "moto's URL")
    URI moto;

    @Option(names = "--bao", required = true, description = "OpenBao's URL")
    String bao;

    @Option(names = "--bao-token-file", required = true, description = "a file holding OpenBao's root token")
    Path baoTokenFile;

    @Option(names = "--plugin", defaultValue = "openbao-plugin-secrets-aws")
    String plugin;

    @Option(names = "--port", defaultValue = "8080", description = "the gateway's port")
    int port;

    @Option(names = "--region", defaultValue = "us-east-1")
    String region;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(state);
        String rootToken = Files.readString(baoTokenFile, StandardCharsets.UTF_8).trim();
        Vertx vertx = Vertx.vertx();
        try {
            DevBootstrap.Result result = new DevBootstrap(tools, moto, bao, rootToken, plugin, region).run(vertx);
            writePrivate(state.resolve("approle-secret-id"), result.secretId());
            Path privateKey = state.resolve("jwt-private.pem");
            Path publicKey = state.resolve("jwt-public.pem");
            if (!Files.exists(privateKey) || !Files.exists(publicKey)) {
                String[] pair = DevTokens.newKeyPairPem();
                writePrivate(privateKey, pair[0]);
                Files.writeString(publicKey, pair[1], StandardCharsets.US_ASCII);
            }
            String mcpUrl = "http://127.0.0.1:" + port + "/mcp";
            Path adminToken = state.resolve("admin-token");
            if (!Files.exists(adminToken)) {
                byte[] key = new byte[32];
                new java.security.SecureRandom().nextBytes(key);
                writePrivate(adminToken, java.util.HexFormat.of().formatHex(key) + "\n");
            }
            JsonObject config = new JsonObject()
                    .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port).put("maxBodyBytes", 1_048_576)
                            .put("allowedOrigins", new JsonArray().add("http://127.0.0.1:" + port).add("http://localhost:" + port)))
                    .put("toolsDir", tools.toAbsolutePath().normalize().toString())
                    .put("policiesDir", policies.toAbsolutePath().normalize().toString())
                    .put("auditFile", state.resolve("audit/attribution.jsonl").toAbsolutePath().normalize().toString())
                    .put("auth", new JsonObject().put("issuer", ISSUER).put("audience", mcpUrl)
                            .put("publicKeyFile", publicKey.toAbsolutePath().normalize().toString()))
                    .put("vault", new JsonObject().put("address", bao).put("appRolePath", "approle")
                            .put("roleId", result.roleId())
                            .put("secretIdFile", state.resolve("approle-secret-id").toAbsolutePath().normalize().toString())
                            .put("awsMount", "aws").put("credentialTtl", "PT15M").put("timeout", "PT5S"))
                    .put("aws", new JsonObject().put("region", region).put("endpoint", moto.toString())
                            .put("s3PathStyle", true).put("checksumsWhenRequired", true).put("callTimeout", "PT10S")
                            .put("accountId", result.accountId()))
                    .put("audit", new JsonObject().put("prompt", "whole").put("rotateBytes", 64L * 1024 * 1024))
                    .put("admin", new JsonObject().put("tokenFile", adminToken.toAbsolutePath().normalize().toString()));
            Files.writeString(state.resolve("gateway.json"), config.encodePrettily() + "\n", StandardCharsets.UTF_8);
            String token = new DevTokens(vertx, Files.readString(privateKey, StandardCharsets.US_ASCII), ISSUER, mcpUrl)
                    .mint("dev-agent", "dev-user", List.of("dev-agents"), "dev", 12 * 60);
            writePrivate(state.resolve("agent.env"), "JITGATE_URL=" + mcpUrl + "\nJITGATE_TOKEN=" + token + "\n");
            writePrivate(state.resolve("admin.env"), "JITGATE_ADMIN_URL=http://127.0.0.1:" + port + "\nJITGATE_ADMIN_TOKEN="
                    + Files.readString(adminToken, StandardCharsets.UTF_8).trim() + "\n");
            System.out.println("jitgate: dev stack bootstrapped (" + result.roleArns().size() + " tool roles)");
            return 0;
        } finally {
            vertx.close();
        }
    }

    static void writePrivate(Path file, String text) throws java.io.IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
