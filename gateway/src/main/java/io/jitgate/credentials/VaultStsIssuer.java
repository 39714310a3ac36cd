package io.jitgate.credentials;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.jitgate.tools.CredentialType;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Issues per-call AWS credentials through Vault's AWS secrets engine ({@code <mount>/sts/<role>} for
 * STS credentials, {@code <mount>/creds/<role>} for a leased IAM user's key),
 * with the gateway's own identity from {@link VaultSession}. The Vault driver blocks, so every
 * request runs on a dedicated worker pool, never on an event loop.
 *
 * <p>It always asks for {@link VaultSettings#credentialTtl()} (never less than the STS minimum of
 * 900 s), and refuses an answer whose lifetime is longer than asked. When Vault answers 403 (the
 * gateway's token expired or was revoked) the session logs in again once and the request is retried;
 * any other failure fails the call.
 */
public final class VaultStsIssuer implements CredentialIssuer {
    private final VaultSession session;
    private final WorkerExecutor workers;

    public VaultStsIssuer(VaultSession session, WorkerExecutor workers) {
        this.session = session;
        this.workers = workers;
    }

    /**
     * Whether a failure means Vault is out of order (no answer, or 5xx), as opposed to an answer that
     * refused something. Only outages count against the Vault circuit breaker.
     */
    public static boolean isOutage(Throwable t) {
        Throwable cause = t;
        while (cause != null) {
            if (cause instanceof VaultException v) {
                int status = v.getHttpStatusCode();
                return status == 0 || status >= 500;
            }
            cause = cause.getCause();
        }
        return true;
    }

    @Override
    public Future<IssuedCredentials> issue(String vaultRole, CredentialType type, String roleSessionName) {
        return workers.executeBlocking(() -> {
            Instant sentAt = Instant.now();
            try {
                IssuedCredentials issued = issueBlocking(vaultRole, type, roleSessionName);
                session.reachable(sentAt);
                return issued;
            } catch (VaultException e) {
                if (isOutage(e)) {
                    session.unreachable("issuing credentials failed: Vault at " + session.settings().address() + " cannot be reached");
                }
                throw e;
            }
        }, false);
    }

    private IssuedCredentials issueBlocking(String vaultRole, CredentialType type, String roleSessionName) throws VaultException {
        LogicalResponse response;
        Vault vault = session.client();
        String path = path(vaultRole, type);
        try {
            response = write(vault, path, type, roleSessionName);
        } catch (TokenRefused refused) {
            session.refused(vault);
            response = write(session.client(), path, type, roleSessionName);
        }
        Map<String, String> data = response.getData();
        String accessKey = data.get("access_key");
        String secretKey = data.get("secret_key");
        String token = data.getOrDefault("security_token", data.get("session_token"));
        if (accessKey == null || secretKey == null) {
            throw new VaultException("Vault's answer for " + path + " has no access_key/secret_key", 502);
        }
        long asked = session.settings().credentialTtl().toSeconds();
        Long leaseSeconds = response.getLeaseDuration();
        long ttl = leaseSeconds != null && leaseSeconds > 0 ? leaseSeconds : asked;
        if (ttl > asked) {
            throw new VaultException("Vault issued credentials for " + ttl + " s for " + path + ", but "
                    + asked + " s were asked for; refusing them", 502);
        }
        String leaseId = blankToEmpty(response.getLeaseId());
        if (type.revocable() && leaseId.isEmpty()) {
            throw new VaultException("Vault's answer for " + path + " has no lease id, so the key could not be revoked; refusing it", 502);
        }
        return new IssuedCredentials(accessKey, secretKey, token, leaseId, vaultRole,
                type == CredentialType.IAM_USER ? "" : roleSessionName, ttl, Instant.now(), type);
    }

    /** Writes {@code path}; a 403 becomes {@link TokenRefused}, any other non-2xx a VaultException. */
    private LogicalResponse write(Vault vault, String path, CredentialType type, String roleSessionName) throws VaultException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ttl", session.settings().credentialTtl().toSeconds() + "s");
        if (type == CredentialType.ASSUMED_ROLE) {
            body.put("role_session_name", roleSessionName);
        }
        LogicalResponse response;
        try {
            response = vault.logical().write(path, body);
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
            throw new VaultException("Vault answered " + status + " for " + path + ": " + errors(response), status);
        }
        return response;
    }

    /** Vault refused the gateway's own token: log in again and retry once. */
    private static final class TokenRefused extends VaultException {
        TokenRefused() {
            super("Vault refused the gateway's token", 403);
        }
    }

    private String path(String vaultRole, CredentialType type) {
        return session.settings().awsMount() + (type == CredentialType.IAM_USER ? "/creds/" : "/sts/") + vaultRole;
    }

    private static String errors(LogicalResponse response) {
        byte[] body = response.getRestResponse().getBody();
        return body == null || body.length == 0 ? "(no body)" : new String(body, StandardCharsets.UTF_8).trim();
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s;
    }
}
