package io.jitgate.auth;

/** A bearer token that was missing, malformed, badly signed, expired or for someone else. */
public final class AuthenticationFailed extends RuntimeException {
    private final String oauthError;

    public AuthenticationFailed(String oauthError, String description) {
        super(description, null, false, false);
        this.oauthError = oauthError;
    }

    /** The RFC 6750 error code: {@code invalid_request} for a missing token, else {@code invalid_token}. */
    public String oauthError() {
        return oauthError;
    }
}
