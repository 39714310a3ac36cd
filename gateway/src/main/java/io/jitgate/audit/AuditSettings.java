package io.jitgate.audit;

import java.util.Objects;

/**
 * The attribution log's settings besides its file: how prompts are stored, how long a digest's
 * excerpt is, and when files rotate. Checked on construction.
 *
 * <pre>{@code "audit": {"prompt": "digest", "promptExcerptChars": 40, "rotateBytes": 67108864, "rotateEvery": "P1D"}}</pre>
 */
public record AuditSettings(PromptStorage prompt, int promptExcerptChars, Rotation rotation) {
    public static final AuditSettings DEFAULTS = new AuditSettings(PromptStorage.WHOLE, 40, Rotation.NEVER);

    public AuditSettings {
        Objects.requireNonNull(prompt, "audit.prompt");
        Objects.requireNonNull(rotation, "audit rotation");
        if (promptExcerptChars < 0 || promptExcerptChars > 1000) {
            throw new IllegalArgumentException("audit.promptExcerptChars must be 0-1000, but was " + promptExcerptChars);
        }
    }
}
