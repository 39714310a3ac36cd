package io.jitgate.audit;

import java.time.Duration;
import java.time.Instant;

/**
 * When the attribution log starts a new file: once the current file would grow past {@code maxBytes},
 * or once it has been open for {@code maxAge}, whichever comes first. Zero (or a null age) turns a
 * limit off. A rotated file keeps its records; the new file's first record continues the chain.
 */
public record Rotation(long maxBytes, Duration maxAge) {
    public static final Rotation NEVER = new Rotation(0, null);

    public Rotation {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("audit.rotateBytes must be >= 0 (0 = no size limit), but was " + maxBytes);
        }
        if (maxBytes > 0 && maxBytes < 4096) {
            throw new IllegalArgumentException("audit.rotateBytes must be at least 4096, but was " + maxBytes);
        }
        if (maxAge != null && (maxAge.isNegative() || (!maxAge.isZero() && maxAge.compareTo(Duration.ofSeconds(1)) < 0))) {
            throw new IllegalArgumentException("audit.rotateEvery must be at least PT1S (or PT0S for never), but was " + maxAge);
        }
        if (maxAge != null && maxAge.isZero()) {
            maxAge = null;
        }
    }

    /** True when a file holding {@code size} bytes, opened at {@code openedAt}, must be closed before {@code adding} more. */
    public boolean due(long size, Instant openedAt, Instant now, long adding) {
        if (size == 0) {
            return false;
        }
        return (maxBytes > 0 && size + adding > maxBytes)
                || (maxAge != null && !now.isBefore(openedAt.plus(maxAge)));
    }
}
