package io.jitgate.credentials;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a call's credentials when the call ends: revocable types (a leased IAM user's key) are revoked
 * through {@code sys/leases/revoke/<lease id>}, which makes Vault delete the key and the user; STS
 * credentials cannot be revoked one by one and are reported as such. The answer never fails: a
 * revocation that did not happen is a {@link Revocation#FAILED} result (the key then lives until its
 * TTL), because the call's outcome is already decided and must still be recorded.
 */
public final class VaultLeaseRevoker {
    private static final Logger LOG = LoggerFactory.getLogger(VaultLeaseRevoker.class);

    private final VaultSession session;
    private final WorkerExecutor workers;

    public VaultLeaseRevoker(VaultSession session, WorkerExecutor workers) {
        this.session = session;
        this.workers = workers;
    }

    /** What became of {@code credentials}: revoked, not revocable, or failed (with why). */
    public Future<Revocation> end(IssuedCredentials credentials) {
        if (!credentials.type().revocable()) {
            return Future.succeededFuture(Revocation.notRevocable(credentials));
        }
        String leaseId = credentials.leaseId();
        return workers.executeBlocking(() -> {
            Vault vault = session.client();
            try {
                revoke(vault, leaseId);
            } catch (TokenRefused refused) {
                session.refused(vault);
                revoke(session.client(), leaseId);
            }
            return Revocation.revoked(leaseId);
        }, false).otherwise(cause -> {
            LOG.warn("revoking lease {} failed: {}", leaseId, cause.toString());
            return Revocation.failed(leaseId, cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        });
    }

    private static void revoke(Vault vault, String leaseId) throws VaultException {
        LogicalResponse response;
        try {
            response = vault.logical().write("sys/leases/revoke/" + leaseId, Map.of());
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
            throw new VaultException("Vault answered " + status + " to revoking the lease", status);
        }
    }

    private static final class TokenRefused extends VaultException {
        TokenRefused() {
            super("Vault refused the gateway's token", 403);
        }
    }
}
