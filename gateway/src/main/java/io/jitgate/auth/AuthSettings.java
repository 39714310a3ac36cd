package io.jitgate.auth;

/**
 * How agent tokens are verified.
 *
 * @param issuer       the {@code iss} every token must carry
 * @param audience     the {@code aud} every token must carry: the gateway's MCP URL
 * @param algorithm    the JWS algorithm of the key, for example {@code ES256}
 * @param publicKeyPem the verification key, PEM ({@code -----BEGIN PUBLIC KEY-----})
 * @param enforceScopes whether {@code tools/list} and {@code tools/call} need the scopes
 *                      {@code tools:list} and {@code tools:call} (403 {@code insufficient_scope} otherwise)
 */
public record AuthSettings(String issuer, String audience, String algorithm, String publicKeyPem, boolean enforceScopes) {
    public AuthSettings(String issuer, String audience, String algorithm, String publicKeyPem) {
        this(issuer, audience, algorithm, publicKeyPem, true);
    }

    public AuthSettings {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("auth.issuer must be set");
        }
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("auth.audience must be set");
        }
        if (publicKeyPem == null || !publicKeyPem.contains("PUBLIC KEY")) {
            throw new IllegalArgumentException("auth.publicKeyFile must hold a PEM public key");
        }
    }
}
