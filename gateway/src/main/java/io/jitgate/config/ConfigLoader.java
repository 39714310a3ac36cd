package io.jitgate.config;

import io.jitgate.auth.AuthSettings;
import io.jitgate.auth.DevTokens;
import io.jitgate.aws.AwsEndpoints;
import io.jitgate.credentials.VaultSettings;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Reads the gateway's JSON configuration file. Relative paths are resolved against the file's own
 * folder. Every problem is reported as a {@link ConfigException} naming the field:
 *
 * <pre>{@code
 * {
 *   "http":  {"host": "127.0.0.1", "port": 8080, "maxBodyBytes": 1048576, "allowedOrigins": ["http://localhost:8080"]},
 *   "toolsDir": "../../tools", "policiesDir": "../../policies", "auditFile": "audit/attribution.jsonl",
 *   "auth":  {"issuer": "jitgate-dev", "audience": "http://127.0.0.1:8080/mcp", "publicKeyFile": "jwt-public.pem"},
 *   "vault": {"address": "http://127.0.0.1:8200", "appRolePath": "approle", "roleId": "...",
 *             "secretIdFile": "approle-secret-id", "awsMount": "aws", "credentialTtl": "PT15M", "timeout": "PT5S"},
 *   "aws":   {"region": "us-east-1", "endpoint": "http://127.0.0.1:5000", "s3PathStyle": true,
 *             "checksumsWhenRequired": true, "callTimeout": "PT10S"},
 *   "resilience": {...}   optional, see ResilienceConfig
 * }
 * }</pre>
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    public static GatewayConfig load(Path file) {
        JsonObject json;
        try {
            json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        } catch (DecodeException e) {
            throw new ConfigException(file + ": not valid JSON: " + e.getMessage());
        }
        try {
            return parse(json, file.toAbsolutePath().getParent());
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }

    static GatewayConfig parse(JsonObject json, Path base) {
        JsonObject http = object(json, "http");
        JsonObject auth = object(json, "auth");
        JsonObject vault = object(json, "vault");
        JsonObject aws = object(json, "aws");
        GatewayConfig.HttpSettings httpSettings = new GatewayConfig.HttpSettings(
                http.getString("host", "127.0.0.1"),
                http.getInteger("port", 8080),
                http.getLong("maxBodyBytes", 1_048_576L),
                strings(http.getJsonArray("allowedOrigins", new JsonArray())));
        Path publicKey = path(base, text(auth, "auth", "publicKeyFile"));
        String publicKeyPem;
        try {
            publicKeyPem = Files.readString(publicKey, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("auth.publicKeyFile " + publicKey + " cannot be read: " + e.getMessage());
        }
        AuthSettings authSettings = new AuthSettings(text(auth, "auth", "issuer"), text(auth, "auth", "audience"),
                auth.getString("algorithm", DevTokens.ALGORITHM), publicKeyPem);
        VaultSettings vaultSettings = new VaultSettings(
                URI.create(text(vault, "vault", "address")),
                vault.getString("appRolePath", "approle"),
                text(vault, "vault", "roleId"),
                vault.getString("secretIdFile") == null ? null : path(base, text(vault, "vault", "secretIdFile")),
                vault.getString("secretIdEnv"),
                vault.getString("awsMount", "aws"),
                duration(vault, "vault", "credentialTtl", "PT15M"),
                duration(vault, "vault", "timeout", "PT5S"));
        String endpoint = aws.getString("endpoint");
        AwsEndpoints endpoints = new AwsEndpoints(aws.getString("region", "us-east-1"),
                Optional.ofNullable(endpoint).filter(s -> !s.isBlank()).map(URI::create),
                aws.getBoolean("s3PathStyle", false), aws.getBoolean("checksumsWhenRequired", false));
        return new GatewayConfig(httpSettings,
                path(base, text(json, "", "toolsDir")),
                path(base, text(json, "", "policiesDir")),
                path(base, text(json, "", "auditFile")),
                authSettings, vaultSettings, endpoints,
                duration(aws, "aws", "callTimeout", "PT10S"),
                ResilienceConfig.parse(json.getJsonObject("resilience", new JsonObject())));
    }

    private static JsonObject object(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (!(value instanceof JsonObject o)) {
            throw new IllegalArgumentException(field + " must be a JSON object, but was " + (value == null ? "missing" : value));
        }
        return o;
    }

    private static String text(JsonObject json, String section, String field) {
        Object value = json.getValue(field);
        if (!(value instanceof String s) || s.isBlank()) {
            String name = section.isEmpty() ? field : section + "." + field;
            throw new IllegalArgumentException(name + " must be a non-empty string, but was " + (value == null ? "missing" : value));
        }
        return s;
    }

    static Duration duration(JsonObject json, String section, String field, String fallback) {
        String text = json.getString(field, fallback);
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(section + "." + field + " must be an ISO-8601 duration like PT10S, but was " + text);
        }
    }

    private static Path path(Path base, String text) {
        Path p = Path.of(text);
        return p.isAbsolute() ? p : base.resolve(p).normalize();
    }

    private static List<String> strings(JsonArray array) {
        return array.stream().map(String::valueOf).toList();
    }
}
