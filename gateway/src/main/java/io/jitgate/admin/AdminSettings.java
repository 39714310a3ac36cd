package io.jitgate.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The operator credential of the admin API: a static bearer key, read from a file, that no agent
 * holds. Agents authenticate with JWTs; a JWT is never accepted here, and this key is never accepted
 * on {@code /mcp}. {@link #DISABLED} (no {@code admin} section in the configuration) turns the admin
 * API off.
 */
public final class AdminSettings {
    public static final AdminSettings DISABLED = new AdminSettings(null);
    private final byte[] key;

    private AdminSettings(byte[] key) {
        this.key = key;
    }

    /** An admin key; it must be at least 32 characters so it cannot be guessed. */
    public static AdminSettings withKey(String key) {
        String trimmed = key == null ? "" : key.trim();
        if (trimmed.length() < 32) {
            throw new IllegalArgumentException("admin.tokenFile must hold a key of at least 32 characters, but it has "
                    + trimmed.length());
        }
        return new AdminSettings(trimmed.getBytes(StandardCharsets.UTF_8));
    }

    public boolean enabled() {
        return key != null;
    }

    /** Constant-time check of a presented bearer key. */
    public boolean accepts(String presented) {
        return key != null && presented != null
                && MessageDigest.isEqual(key, presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return enabled() ? "AdminSettings[key=***]" : "AdminSettings[disabled]";
    }
}
