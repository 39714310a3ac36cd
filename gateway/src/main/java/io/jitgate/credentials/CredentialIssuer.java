package io.jitgate.credentials;

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
    Future<IssuedCredentials> issue(String vaultRole, String roleSessionName);
}
