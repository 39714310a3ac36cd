package io.jitgate.credentials;

import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * AWS credentials Vault issued for exactly one call. The secret parts never leave this object except
 * into the AWS SDK's signer: {@link #toString()} shows only what may be recorded (the access key id,
 * the lease and the session name), and nothing serialises the secret.
 */
public final class IssuedCredentials {
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final String leaseId;
    private final String vaultRole;
    private final String roleSessionName;
    private final long ttlSeconds;
    private final Instant issuedAt;

    public IssuedCredentials(String accessKeyId, String secretAccessKey, String sessionToken, String leaseId,
            String vaultRole, String roleSessionName, long ttlSeconds, Instant issuedAt) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
        this.leaseId = leaseId;
        this.vaultRole = vaultRole;
        this.roleSessionName = roleSessionName;
        this.ttlSeconds = ttlSeconds;
        this.issuedAt = issuedAt;
    }

    /** A provider for the AWS SDK, for this call's requests only. */
    public AwsCredentialsProvider provider() {
        return StaticCredentialsProvider.create(sessionToken == null
                ? software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(accessKeyId, secretAccessKey)
                : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken));
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    /** Vault's lease id; empty for credential types Vault does not lease (STS). */
    public String leaseId() {
        return leaseId;
    }

    public String vaultRole() {
        return vaultRole;
    }

    public String roleSessionName() {
        return roleSessionName;
    }

    public long ttlSeconds() {
        return ttlSeconds;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    @Override
    public String toString() {
        return "IssuedCredentials[accessKeyId=" + accessKeyId + ", leaseId=" + leaseId + ", vaultRole=" + vaultRole
                + ", roleSessionName=" + roleSessionName + ", ttlSeconds=" + ttlSeconds + ", secret=<redacted>]";
    }
}
