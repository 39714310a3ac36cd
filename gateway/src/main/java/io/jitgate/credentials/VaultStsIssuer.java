package io.jitgate.credentials;

import io.jitgate.tools.CredentialType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Issues per-call AWS credentials through Vault's AWS secrets engine ({@code <mount>/sts/<role>} for
 * STS credentials, {@code <mount>/creds/<role>} for a leased IAM user's key), with the gateway's own
 * identity from {@link VaultSession}. The request is sent with {@link VaultHttp} on the caller's
 * event loop: no worker thread and no blocking socket on the per-call path (only a login, when the
 * session has none, runs on the session's worker pool).
 *
 * <p>It always asks for {@link VaultSettings#credentialTtl()} (never less than the STS minimum of
 * 900 s), and refuses an answer whose lifetime is longer than asked ({@link VaultCredentialsAnswer}).
 * When Vault answers 403 (the gateway's token expired or was revoked) the session logs in again once
 * and the request is retried; any other failure fails the call.
 */
public final class VaultStsIssuer implements CredentialIssuer {
    private final VaultSession session;

    public VaultStsIssuer(VaultSession session) {
        this.session = session;
    }

    /**
     * Whether a failure means Vault is out of order (no answer, or 5xx, or an answer the gateway could
     * not use), as opposed to an answer that refused something. Only outages count against the Vault
     * circuit breaker. A failure that is not a {@link VaultRequestException} anywhere in its causes
     * counts as an outage.
     */
    public static boolean isOutage(Throwable t) {
        Throwable cause = t;
        while (cause != null) {
            if (cause instanceof VaultRequestException v) {
                return v.outage();
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return true;
    }

    @Override
    public Future<IssuedCredentials> issue(String vaultRole, CredentialType type, String roleSessionName) {
        Instant sentAt = Instant.now();
        String path = session.settings().awsMount() + (type == CredentialType.IAM_USER ? "/creds/" : "/sts/") + vaultRole;
        long asked = session.settings().credentialTtl().toSeconds();
        JsonObject body = new JsonObject().put("ttl", asked + "s");
        if (type == CredentialType.ASSUMED_ROLE) {
            body.put("role_session_name", roleSessionName);
        }
        return session.token()
                .compose(token -> session.http().post(path, body, token).recover(cause -> retryOnRefusedToken(cause, token, path, body)))
                .map(answer -> VaultCredentialsAnswer.parse(answer, path, asked, vaultRole, type, roleSessionName))
                .andThen(result -> {
                    if (result.succeeded()) {
                        session.reachable(sentAt);
                    } else if (isOutage(result.cause())) {
                        session.unreachable("issuing credentials failed: Vault at " + session.settings().address() + " cannot be reached");
                    }
                });
    }

    /** A 403 means the gateway's token is no longer valid: log in again and send the request once more. */
    private Future<JsonObject> retryOnRefusedToken(Throwable cause, String token, String path, JsonObject body) {
        if (!(cause instanceof VaultRequestException v) || !v.tokenRefused()) {
            return Future.failedFuture(cause);
        }
        session.refused(token);
        return session.token().compose(fresh -> session.http().post(path, body, fresh));
    }
}
