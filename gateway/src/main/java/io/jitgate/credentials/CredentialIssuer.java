package io.jitgate.credentials;

import io.jitgate.tools.CredentialType;
import io.vertx.core.Future;

/**
 * Obtains fresh AWS credentials for one call. The production implementation asks Vault; tests of a
 * single stage may use a fake.
 */
public interface CredentialIssuer {
    /**
     * Issues credentials for {@code vaultRole}, with the AWS role session name set to
     * {@code roleSessionName}. Fails the future when no fresh credentials can be had: there is no
     * fallback and no cache.
     */
    default Future<IssuedCredentials> issue(String vaultRole, String roleSessionName) {
        return issue(vaultRole, CredentialType.ASSUMED_ROLE, roleSessionName);
    }

    /** Issues credentials of {@code type} for {@code vaultRole} (the role session name applies to STS types only). */
    Future<IssuedCredentials> issue(String vaultRole, CredentialType type, String roleSessionName);
}
