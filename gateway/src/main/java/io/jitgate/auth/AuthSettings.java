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
 * @param jwksUrl      where the identity provider publishes its keys (JWKS); used instead of, or beside,
 *                     {@code publicKeyPem}; fetched at start and every {@code jwksRefresh}
 */
public record AuthSettings(String issuer, String audience, String algorithm, String publicKeyPem, boolean enforceScopes,
        java.net.URI jwksUrl) {
    public AuthSettings(String issuer, String audience, String algorithm, String publicKeyPem) {
        this(issuer, audience, algorithm, publicKeyPem, true, null);
    }

    public AuthSettings(String issuer, String audience, String algorithm, String publicKeyPem, boolean enforceScopes) {
        this(issuer, audience, algorithm, publicKeyPem, enforceScopes, null);
    }

    public AuthSettings {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("auth.issuer must be set");
        }
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("auth.audience must be set");
        }
        if (publicKeyPem == null && jwksUrl == null) {
            throw new IllegalArgumentException("auth.publicKeyFile or auth.jwksUrl must be set");
        }
        if (publicKeyPem != null && !publicKeyPem.contains("PUBLIC KEY")) {
            throw new IllegalArgumentException("auth.publicKeyFile must hold a PEM public key");
        }
    }
}
