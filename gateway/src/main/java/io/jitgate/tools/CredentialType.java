package io.jitgate.tools;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The kind of AWS credentials Vault issues for a tool's calls, chosen per tool in its definition
 * ({@code aws.credentials.type}).
 *
 * <ul>
 *   <li>{@link #ASSUMED_ROLE}: STS credentials of the tool's IAM role (Vault {@code <mount>/sts/<role>}).
 *       They cannot be revoked; they expire after 900 s.</li>
 *   <li>{@link #IAM_USER}: Vault creates an IAM user with the tool's policy and an access key, under a
 *       lease ({@code <mount>/creds/<role>}); the gateway revokes the lease when the call ends, which
 *       deletes the key and the user.</li>
 * </ul>
 */
public enum CredentialType {
    ASSUMED_ROLE,
    IAM_USER;

    /** The word used in tool files, Vault role definitions and records ({@code assumed_role}, {@code iam_user}). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether Vault can revoke the credentials before they expire. */
    public boolean revocable() {
        return this == IAM_USER;
    }

    public static Optional<CredentialType> parse(String word) {
        return Arrays.stream(values()).filter(t -> t.word().equals(word)).findFirst();
    }
}
