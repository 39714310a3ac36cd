package io.jitgate.credentials;

import io.jitgate.tools.CredentialType;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Reads Vault's answer to an AWS credentials request ({@code {"lease_id", "lease_duration", "data":
 * {"access_key", "secret_key", "security_token"}}}) and refuses what the gateway must not use: an
 * answer without keys, a lifetime longer than asked, or a revocable type without a lease id. A refusal
 * is a {@link VaultRequestException} with status 502; its message names the path, never a key.
 */
final class VaultCredentialsAnswer {
    private VaultCredentialsAnswer() {
    }

    /**
     * The credentials in {@code answer} to a request at {@code path} that asked for {@code askedSeconds};
     * an answer without a lifetime is taken to live as long as asked.
     */
    static IssuedCredentials parse(JsonObject answer, String path, long askedSeconds, String vaultRole, CredentialType type,
            String roleSessionName) {
        JsonObject data = answer.getValue("data") instanceof JsonObject d ? d : new JsonObject();
        String accessKey = text(data, "access_key");
        String secretKey = text(data, "secret_key");
        String token = text(data, "security_token");
        if (token == null) {
            token = text(data, "session_token");
        }
        if (accessKey == null || secretKey == null) {
            throw refused("Vault's answer for " + path + " has no access_key/secret_key");
        }
        long leaseSeconds = answer.getValue("lease_duration") instanceof Number n ? n.longValue() : 0;
        long ttl = leaseSeconds > 0 ? leaseSeconds : askedSeconds;
        if (ttl > askedSeconds) {
            throw refused("Vault issued credentials for " + ttl + " s for " + path + ", but " + askedSeconds
                    + " s were asked for; refusing them");
        }
        String leaseId = answer.getValue("lease_id") instanceof String s ? s : "";
        if (type.revocable() && leaseId.isEmpty()) {
            throw refused("Vault's answer for " + path + " has no lease id, so the key could not be revoked; refusing it");
        }
        return new IssuedCredentials(accessKey, secretKey, token, leaseId, vaultRole,
                type == CredentialType.IAM_USER ? "" : roleSessionName, ttl, Instant.now(), type);
    }

    /** A non-blank string at {@code name}, or null (a JSON null, a number or an empty string count as absent). */
    private static String text(JsonObject data, String name) {
        return data.getValue(name) instanceof String s && !s.isBlank() ? s : null;
    }

    private static VaultRequestException refused(String why) {
        return new VaultRequestException(VaultRequestException.BAD_ANSWER, why);
    }
}
