package io.jitgate.tools;

import java.util.List;

/**
 * How a tool's calls get their AWS credentials ({@code aws.credentials} in the tool file).
 *
 * @param type     the kind of credentials Vault issues
 * @param narrowTo resource patterns that depend on the call's arguments ({@code {{name}}} placeholders,
 *                 like {@code arn:aws:s3:::{{bucket}}/{{key}}}); when not empty, each call's credentials are
 *                 narrowed to these resources, rendered with the call's arguments, by a second AssumeRole
 *                 with an STS session policy. Only for {@link CredentialType#ASSUMED_ROLE}.
 */
public record CredentialSpec(CredentialType type, List<String> narrowTo) {
    /** What a tool file without {@code aws.credentials} gets: STS credentials of its role, not narrowed. */
    public static final CredentialSpec DEFAULT = new CredentialSpec(CredentialType.ASSUMED_ROLE, List.of());

    public CredentialSpec {
        narrowTo = List.copyOf(narrowTo);
        if (!narrowTo.isEmpty() && type != CredentialType.ASSUMED_ROLE) {
            throw new IllegalArgumentException("narrowTo needs credentials of type assumed_role, not " + type.word());
        }
    }

    public boolean narrows() {
        return !narrowTo.isEmpty();
    }
}
