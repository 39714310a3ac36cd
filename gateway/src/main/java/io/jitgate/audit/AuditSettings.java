package io.jitgate.audit;

import java.util.Objects;

/**
 * The attribution log's settings besides its file: how prompts are stored, how long a digest's
 * excerpt is, when files rotate, how far ahead the active file is preallocated (0: plain appends;
 * see {@link FileAuditLog}), and (optionally) a PostgreSQL sink that replaces the file log.
 * Checked on construction.
 *
 * <pre>{@code "audit": {"prompt": "digest", "promptExcerptChars": 40, "rotateBytes": 67108864, "rotateEvery": "P1D",
 *           "postgres": {"url": "postgresql://db:5432/jitgate", "user": "jitgate_gateway",
 *                        "passwordFile": "pg-password", "instance": "gw-1"}}}</pre>
 */
public record AuditSettings(PromptStorage prompt, int promptExcerptChars, Rotation rotation, PostgresSettings postgres,
        long preallocateBytes) {
    public static final AuditSettings DEFAULTS = new AuditSettings(PromptStorage.WHOLE, 40, Rotation.NEVER);

    /** Settings for the file log (no PostgreSQL sink). */
    public AuditSettings(PromptStorage prompt, int promptExcerptChars, Rotation rotation) {
        this(prompt, promptExcerptChars, rotation, null);
    }

    /** Settings without preallocation. */
    public AuditSettings(PromptStorage prompt, int promptExcerptChars, Rotation rotation, PostgresSettings postgres) {
        this(prompt, promptExcerptChars, rotation, postgres, 0);
    }

    public AuditSettings {
        Objects.requireNonNull(prompt, "audit.prompt");
        Objects.requireNonNull(rotation, "audit rotation");
        if (preallocateBytes != 0 && (preallocateBytes < 65_536 || preallocateBytes > 1L << 30)) {
            throw new IllegalArgumentException("audit.preallocateBytes must be 0 (off) or from 65536 to 1073741824, but was "
                    + preallocateBytes);
        }
        if (promptExcerptChars < 0 || promptExcerptChars > 1000) {
            throw new IllegalArgumentException("audit.promptExcerptChars must be 0-1000, but was " + promptExcerptChars);
        }
    }
}
