package io.jitgate.credentials;

import io.vertx.core.json.JsonObject;

/**
 * What became of a call's credentials when the call ended, as the attribution record states it.
 *
 * @param status {@code revoked} (Vault revoked the lease: the key no longer works), {@code not_revocable}
 *               (STS credentials: AWS cannot revoke one session; they expire at their TTL) or
 *               {@code failed} (the lease could not be revoked: it expires at its TTL)
 * @param detail why, in a sentence
 */
public record Revocation(String status, String detail) {
    public static final String REVOKED = "revoked";
    public static final String NOT_REVOCABLE = "not_revocable";
    public static final String FAILED = "failed";

    public static Revocation revoked(String leaseId) {
        return new Revocation(REVOKED, "Vault revoked lease " + leaseId + " when the call ended");
    }

    public static Revocation notRevocable(IssuedCredentials credentials) {
        return new Revocation(NOT_REVOCABLE, "STS credentials cannot be revoked one by one; they expire "
                + credentials.ttlSeconds() + " s after issue");
    }

    public static Revocation failed(String leaseId, String why) {
        return new Revocation(FAILED, "revoking lease " + leaseId + " failed (" + why + "); the key stays valid until its TTL");
    }

    public boolean revoked() {
        return REVOKED.equals(status);
    }

    public JsonObject toJson() {
        return new JsonObject().put("status", status).put("detail", detail);
    }
}
