package io.jitgate.config;

import io.jitgate.admin.AdminSettings;
import io.jitgate.audit.AuditSettings;
import io.jitgate.audit.PostgresSettings;
import io.jitgate.audit.PromptStorage;
import io.jitgate.audit.Rotation;
import io.jitgate.auth.AuthSettings;
import io.jitgate.telemetry.Telemetry;
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
 *   "http":  {"host": "127.0.0.1", "port": 8080, "maxBodyBytes": 1048576, "allowedOrigins": ["http://localhost:8080"],
 *             "maxResultBytes": 1048576, "toolsPageSize": 50, "sessionKeyFile": "session.key", "sessionMaxAge": "PT24H"},
 *   "toolsDir": "../../tools", "policiesDir": "../../policies", "auditFile": "audit/attribution.jsonl",
 *   "localToolsDir": "fixtures/tools", "resourcesDir": "fixtures/resources", "promptsDir": "fixtures/prompts",   optional
 *   "auth":  {"issuer": "jitgate-dev", "audience": "http://127.0.0.1:8080/mcp", "publicKeyFile": "jwt-public.pem"},
 *   "vault": {"address": "http://127.0.0.1:8200", "appRolePath": "approle", "roleId": "...",
 *             "secretIdFile": "approle-secret-id", "awsMount": "aws", "credentialTtl": "PT15M", "timeout": "PT5S"},
 *   "aws":   {"region": "us-east-1", "endpoint": "http://127.0.0.1:5000", "s3PathStyle": true,
 *             "checksumsWhenRequired": true, "callTimeout": "PT10S"},
 *   "audit": {"prompt": "whole", "promptExcerptChars": 40, "rotateBytes": 67108864, "rotateEvery": "P1D"},
 *   "admin": {"tokenFile": "admin-token"},
 *   "telemetry": {"otlpEndpoint": "http://127.0.0.1:4318/v1/traces"},
 *   "approvals": {"timeout": "PT15M", "tools": {"s3_write_object": {"timeout": "PT5M"}}},
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
        String sessionKey = http.getString("sessionKeyFile");
        GatewayConfig.HttpSettings httpSettings = new GatewayConfig.HttpSettings(
                http.getString("host", "127.0.0.1"),
                http.getInteger("port", 8080),
                http.getLong("maxBodyBytes", 1_048_576L),
                strings(http.getJsonArray("allowedOrigins", new JsonArray())),
                http.getInteger("maxResultBytes", 1_048_576),
                http.getInteger("toolsPageSize", 50),
                sessionKey == null || sessionKey.isBlank() ? null : path(base, sessionKey),
                duration(http, "http", "sessionMaxAge", "PT24H"),
                http.getInteger("eventLoops", GatewayConfig.HttpSettings.defaultEventLoops()));
        String publicKeyPem = null;
        if (auth.getValue("publicKeyFile") != null || auth.getValue("jwksUrl") == null) {
            Path publicKey = path(base, text(auth, "auth", "publicKeyFile"));
            try {
                publicKeyPem = Files.readString(publicKey, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new IllegalArgumentException("auth.publicKeyFile " + publicKey + " cannot be read: " + e.getMessage());
            }
        }
        String jwks = auth.getString("jwksUrl");
        AuthSettings authSettings = new AuthSettings(text(auth, "auth", "issuer"), text(auth, "auth", "audience"),
                auth.getString("algorithm", DevTokens.ALGORITHM), publicKeyPem, auth.getBoolean("enforceScopes", true),
                jwks == null ? null : URI.create(jwks));
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
                aws.getBoolean("s3PathStyle", false), aws.getBoolean("checksumsWhenRequired", false),
                Optional.ofNullable(aws.getString("accountId")));
        return new GatewayConfig(httpSettings,
                path(base, text(json, "", "toolsDir")),
                path(base, text(json, "", "policiesDir")),
                path(base, text(json, "", "auditFile")),
                authSettings, vaultSettings, endpoints,
                duration(aws, "aws", "callTimeout", "PT10S"),
                audit(json.getValue("audit") == null ? new JsonObject() : object(json, "audit"), base),
                admin(json.getValue("admin") == null ? null : object(json, "admin"), base),
                new Telemetry.Settings(json.getValue("telemetry") == null ? null
                        : Optional.ofNullable(object(json, "telemetry").getString("otlpEndpoint")).map(URI::create).orElse(null)),
                ResilienceConfig.parse(json.getJsonObject("resilience", new JsonObject())),
                approvals(json.getValue("approvals") == null ? new JsonObject() : object(json, "approvals")),
                new GatewayConfig.ContentDirs(optionalPath(json, base, "localToolsDir"), optionalPath(json, base, "resourcesDir"),
                        optionalPath(json, base, "promptsDir")));
    }

    /** An optional folder field, resolved against the file's folder; null when absent. */
    private static Path optionalPath(JsonObject json, Path base, String field) {
        return json.getValue(field) == null ? null : path(base, text(json, "", field));
    }

    /** The optional {@code approvals} section: {@code timeout} and per-tool {@code tools.<tool>.timeout}. */
    static io.jitgate.approvals.ApprovalSettings approvals(JsonObject approvals) {
        java.util.Map<String, Duration> tools = new java.util.HashMap<>();
        JsonObject perTool = approvals.getValue("tools") == null ? new JsonObject() : object(approvals, "tools");
        for (String tool : perTool.fieldNames()) {
            tools.put(tool, duration(object(perTool, tool), "approvals.tools." + tool, "timeout", "PT15M"));
        }
        return new io.jitgate.approvals.ApprovalSettings(duration(approvals, "approvals", "timeout", "PT15M"), tools);
    }

    /** The optional {@code audit} section: prompt storage and rotation. */
    static AuditSettings audit(JsonObject audit, Path base) {
        String prompt = audit.getString("prompt", "whole");
        PromptStorage storage = PromptStorage.parse(prompt).orElseThrow(() -> new IllegalArgumentException(
                "audit.prompt must be one of " + PromptStorage.allowedWords() + ", but was " + prompt));
        Duration every = audit.containsKey("rotateEvery") ? duration(audit, "audit", "rotateEvery", "PT0S") : null;
        PostgresSettings postgres = null;
        if (audit.getValue("postgres") != null) {
            JsonObject pg = object(audit, "postgres");
            postgres = new PostgresSettings(URI.create(text(pg, "audit.postgres", "url")), text(pg, "audit.postgres", "user"),
                    path(base, text(pg, "audit.postgres", "passwordFile")), text(pg, "audit.postgres", "instance"));
        }
        return new AuditSettings(storage, audit.getInteger("promptExcerptChars", 40),
                new Rotation(audit.getLong("rotateBytes", 0L), every), postgres, audit.getLong("preallocateBytes", 0L));
    }

    /** The optional {@code admin} section: the file holding the operator key of the admin API. */
    private static AdminSettings admin(JsonObject admin, Path base) {
        if (admin == null) {
            return AdminSettings.DISABLED;
        }
        Path keyFile = path(base, text(admin, "admin", "tokenFile"));
        try {
            return AdminSettings.withKey(Files.readString(keyFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("admin.tokenFile " + keyFile + " cannot be read: " + e.getMessage());
        }
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
