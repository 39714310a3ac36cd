package io.jitgate.credentials;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a call's credentials when the call ends: revocable types (a leased IAM user's key) are revoked
 * through {@code sys/leases/revoke/<lease id>}, which makes Vault delete the key and the user; STS
 * credentials cannot be revoked one by one and are reported as such. The request is sent with
 * {@link VaultHttp} on the caller's event loop; a 403 makes the session log in again and the request
 * is sent once more. The answer never fails: a revocation that did not happen is a
 * {@link Revocation#FAILED} result (the key then lives until its TTL), because the call's outcome is
 * already decided and must still be recorded.
 */
public final class VaultLeaseRevoker {
    private static final Logger LOG = LoggerFactory.getLogger(VaultLeaseRevoker.class);

    private final VaultSession session;

    public VaultLeaseRevoker(VaultSession session) {
        this.session = session;
    }

    /** What became of {@code credentials}: revoked, not revocable, or failed (with why). */
    public Future<Revocation> end(IssuedCredentials credentials) {
        if (!credentials.type().revocable()) {
            return Future.succeededFuture(Revocation.notRevocable(credentials));
        }
        String leaseId = credentials.leaseId();
        String path = "sys/leases/revoke/" + leaseId;
        return session.token()
                .compose(token -> session.http().post(path, new JsonObject(), token).recover(cause -> {
                    if (cause instanceof VaultRequestException v && v.tokenRefused()) {
                        session.refused(token);
                        return session.token().compose(fresh -> session.http().post(path, new JsonObject(), fresh));
                    }
                    return Future.failedFuture(cause);
                }))
                .map(answer -> Revocation.revoked(leaseId))
                .otherwise(cause -> {
                    LOG.warn("revoking lease {} failed: {}", leaseId, cause.toString());
                    return Revocation.failed(leaseId, cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
                });
    }
}
