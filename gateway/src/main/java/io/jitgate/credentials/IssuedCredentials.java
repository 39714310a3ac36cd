package io.jitgate.credentials;

import io.jitgate.tools.CredentialType;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * AWS credentials Vault issued for exactly one call. The secret parts never leave this object except
 * into the AWS SDK's signer: {@link #toString()} shows only what may be recorded (the access key id,
 * the lease and the session name), and nothing serialises the secret.
 *
 * <p>Narrowed credentials (a second AssumeRole with a session policy) keep the Vault lease and name
 * the key Vault issued in {@link #issuedAccessKeyId()}; {@link #revocation()} is set when the call ends.
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
    private final CredentialType type;
    private final String issuedAccessKeyId;
    private final String sessionPolicy;
    private final Revocation revocation;

    public IssuedCredentials(String accessKeyId, String secretAccessKey, String sessionToken, String leaseId,
            String vaultRole, String roleSessionName, long ttlSeconds, Instant issuedAt) {
        this(accessKeyId, secretAccessKey, sessionToken, leaseId, vaultRole, roleSessionName, ttlSeconds, issuedAt,
                CredentialType.ASSUMED_ROLE, null, null, null);
    }

    public IssuedCredentials(String accessKeyId, String secretAccessKey, String sessionToken, String leaseId,
            String vaultRole, String roleSessionName, long ttlSeconds, Instant issuedAt, CredentialType type) {
        this(accessKeyId, secretAccessKey, sessionToken, leaseId, vaultRole, roleSessionName, ttlSeconds, issuedAt, type, null, null, null);
    }

    private IssuedCredentials(String accessKeyId, String secretAccessKey, String sessionToken, String leaseId,
            String vaultRole, String roleSessionName, long ttlSeconds, Instant issuedAt, CredentialType type,
            String issuedAccessKeyId, String sessionPolicy, Revocation revocation) {
        this.type = type;
        this.issuedAccessKeyId = issuedAccessKeyId;
        this.sessionPolicy = sessionPolicy;
        this.revocation = revocation;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
        this.leaseId = leaseId;
        this.vaultRole = vaultRole;
        this.roleSessionName = roleSessionName;
        this.ttlSeconds = ttlSeconds;
        this.issuedAt = issuedAt;
    }

    /**
     * The credentials of a second AssumeRole made with these, narrowed by {@code sessionPolicy}: same
     * lease, Vault role and type; {@link #issuedAccessKeyId()} keeps naming the key Vault issued.
     */
    public IssuedCredentials narrowed(String accessKeyId, String secretAccessKey, String sessionToken, String roleSessionName,
            long ttlSeconds, String sessionPolicy) {
        return new IssuedCredentials(accessKeyId, secretAccessKey, sessionToken, leaseId, vaultRole, roleSessionName,
                ttlSeconds, issuedAt, type, this.accessKeyId, sessionPolicy, revocation);
    }

    /** The same credentials, with what became of them when the call ended. */
    public IssuedCredentials withRevocation(Revocation revocation) {
        return new IssuedCredentials(accessKeyId, secretAccessKey, sessionToken, leaseId, vaultRole, roleSessionName,
                ttlSeconds, issuedAt, type, issuedAccessKeyId, sessionPolicy, revocation);
    }

    public CredentialType type() {
        return type;
    }

    /** The access key Vault issued, when the call used narrowed credentials made with it; else null. */
    public String issuedAccessKeyId() {
        return issuedAccessKeyId;
    }

    /** The STS session policy that narrowed these credentials (compact JSON), or null. */
    public String sessionPolicy() {
        return sessionPolicy;
    }

    /** What became of the credentials when the call ended; null while it runs. */
    public Revocation revocation() {
        return revocation;
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
        return "IssuedCredentials[type=" + type.word() + ", accessKeyId=" + accessKeyId + ", leaseId=" + leaseId + ", vaultRole=" + vaultRole
                + ", roleSessionName=" + roleSessionName + ", ttlSeconds=" + ttlSeconds + ", secret=<redacted>]";
    }
}
