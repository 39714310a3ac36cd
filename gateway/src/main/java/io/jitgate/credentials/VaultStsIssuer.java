package io.jitgate.credentials;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues per-call AWS credentials through Vault's AWS secrets engine ({@code <mount>/sts/<role>}),
 * logged in with AppRole. The Vault driver blocks, so every request runs on a dedicated worker pool,
 * never on an event loop. One HTTP client is shared by all requests.
 *
 * <p>When Vault answers 403 (the gateway's token expired or was revoked) the issuer logs in again
 * once and retries; any other failure fails the call.
 */
public final class VaultStsIssuer implements CredentialIssuer {
    private static final Logger LOG = LoggerFactory.getLogger(VaultStsIssuer.class);

    private final VaultSettings settings;
    private final WorkerExecutor workers;
    private final HttpClient http;
    private volatile Vault authenticated;

    public VaultStsIssuer(VaultSettings settings, WorkerExecutor workers) {
        this.settings = settings;
        this.workers = workers;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout()).build();
    }

    @Override
    public Future<IssuedCredentials> issue(String vaultRole, String roleSessionName) {
        return workers.executeBlocking(() -> issueBlocking(vaultRole, roleSessionName), false);
    }

    private IssuedCredentials issueBlocking(String vaultRole, String roleSessionName) throws VaultException {
        LogicalResponse response;
        try {
            response = write(session(false), vaultRole, roleSessionName);
        } catch (TokenRefused refused) {
            LOG.info("Vault refused the gateway's token; logging in again");
            response = write(session(true), vaultRole, roleSessionName);
        }
        Map<String, String> data = response.getData();
        String accessKey = data.get("access_key");
        String secretKey = data.get("secret_key");
        String token = data.getOrDefault("security_token", data.get("session_token"));
        if (accessKey == null || secretKey == null) {
            throw new VaultException("Vault's answer for " + stsPath(vaultRole) + " has no access_key/secret_key");
        }
        Long leaseSeconds = response.getLeaseDuration();
        long ttl = data.containsKey("ttl") ? parseLong(data.get("ttl"), settings.credentialTtl().toSeconds())
                : (leaseSeconds != null && leaseSeconds > 0 ? leaseSeconds : settings.credentialTtl().toSeconds());
        return new IssuedCredentials(accessKey, secretKey, token, blankToEmpty(response.getLeaseId()), vaultRole,
                roleSessionName, ttl, Instant.now());
    }

    /** Writes {@code <mount>/sts/<role>}; a 403 becomes {@link TokenRefused}, any other non-2xx a VaultException. */
    private LogicalResponse write(Vault vault, String vaultRole, String roleSessionName) throws VaultException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ttl", settings.credentialTtl().toSeconds() + "s");
        body.put("role_session_name", roleSessionName);
        LogicalResponse response;
        try {
            response = vault.logical().write(stsPath(vaultRole), body);
        } catch (VaultException e) {
            if (e.getHttpStatusCode() == 403) {
                throw new TokenRefused();
            }
            throw e;
        }
        int status = response.getRestResponse().getStatus();
        if (status == 403) {
            throw new TokenRefused();
        }
        if (status / 100 != 2) {
            throw new VaultException("Vault answered " + status + " for " + stsPath(vaultRole) + ": " + errors(response), status);
        }
        return response;
    }

    /** Vault refused the gateway's own token: log in again and retry once. */
    private static final class TokenRefused extends VaultException {
        TokenRefused() {
            super("Vault refused the gateway's token", 403);
        }
    }

    private String stsPath(String vaultRole) {
        return settings.awsMount() + "/sts/" + vaultRole;
    }

    private synchronized Vault session(boolean renew) throws VaultException {
        if (authenticated != null && !renew) {
            return authenticated;
        }
        String secretId = readSecretId();
        VaultConfig anonymous = baseConfig().build();
        AuthResponse login = Vault.create(anonymous, 1).auth().loginByAppRole(settings.appRolePath(), settings.roleId(), secretId);
        String token = login.getAuthClientToken();
        if (token == null || token.isBlank()) {
            throw new VaultException("AppRole login at " + settings.appRolePath() + " returned no token");
        }
        authenticated = Vault.create(baseConfig().token(token).build(), 1);
        LOG.info("Logged in to Vault at {} with AppRole (token valid {} s)", settings.address(), login.getAuthLeaseDuration());
        return authenticated;
    }

    private VaultConfig baseConfig() {
        int seconds = (int) Math.max(1, settings.timeout().toSeconds());
        return new VaultConfig()
                .address(settings.address().toString())
                .engineVersion(1)
                .openTimeout(seconds)
                .readTimeout(seconds)
                .httpClient(http);
    }

    private String readSecretId() throws VaultException {
        try {
            String secretId = Files.readString(settings.secretIdFile(), StandardCharsets.UTF_8).trim();
            if (secretId.isEmpty()) {
                throw new VaultException("AppRole secret id file " + settings.secretIdFile() + " is empty");
            }
            return secretId;
        } catch (IOException e) {
            throw new VaultException("cannot read AppRole secret id file " + settings.secretIdFile() + ": " + e.getMessage());
        }
    }

    private static String errors(LogicalResponse response) {
        byte[] body = response.getRestResponse().getBody();
        return body == null || body.length == 0 ? "(no body)" : new String(body, StandardCharsets.UTF_8).trim();
    }

    private static long parseLong(String text, long fallback) {
        try {
            return Long.parseLong(text.replaceAll("[^0-9]", ""));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s;
    }
}
