package io.jitgate.credentials;

/**
 * A Vault request that did not give the gateway what it asked for, with the HTTP status Vault
 * answered ({@link #NO_ANSWER}, 0, when no answer came: refused connection, reset, timeout). Answers
 * that were malformed or unacceptable (no keys, a longer lifetime than asked, no lease id) are
 * reported as 502, like a bad gateway. The message never holds a token, a secret id or a key: it
 * names the path, the status and Vault's own error text.
 */
public final class VaultRequestException extends RuntimeException {
    /** The status of a request that got no answer. */
    public static final int NO_ANSWER = 0;
    /** The status of an answer the gateway refuses (malformed, or not what was asked). */
    public static final int BAD_ANSWER = 502;

    private final int status;

    public VaultRequestException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** Vault's HTTP status, or {@link #NO_ANSWER}. */
    public int status() {
        return status;
    }

    /** Whether Vault refused the gateway's own token (its login expired or was revoked). */
    public boolean tokenRefused() {
        return status == 403;
    }

    /**
     * Whether this means Vault is out of order (no answer, or 5xx, including an answer the gateway
     * could not use) rather than an answer that refused something. Only outages count against the
     * Vault circuit breaker and turn the health status to unreachable.
     */
    public boolean outage() {
        return status == NO_ANSWER || status >= 500;
    }
}
