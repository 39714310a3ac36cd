package io.jitgate.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;

/**
 * Creates signing keys and agent tokens for development and tests. In production tokens come from
 * the organisation's identity provider; the gateway only verifies them.
 */
public final class DevTokens {
    public static final String ALGORITHM = "ES256";

    private final JWTAuth signer;
    private final String issuer;
    private final String audience;

    public DevTokens(Vertx vertx, String privateKeyPem, String issuer, String audience) {
        if (privateKeyPem == null || !privateKeyPem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("the signing key must be a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)");
        }
        this.signer = JWTAuth.create(vertx, new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(privateKeyPem)));
        this.issuer = issuer;
        this.audience = audience;
    }

    /** A token for {@code agentId} acting for {@code user}, valid for {@code minutes} (negative: already expired). */
    public String mint(String agentId, String user, List<String> groups, String tenant, int minutes) {
        JsonObject claims = new JsonObject()
                .put("user", user)
                .put("groups", new JsonArray(groups))
                .put("tenant", tenant)
                .put("scope", "tools:list tools:call");
        JWTOptions options = new JWTOptions().setAlgorithm(ALGORITHM).setIssuer(issuer).setAudience(List.of(audience))
                .setSubject(agentId);
        if (minutes >= 0) {
            options.setExpiresInMinutes(minutes);
        } else {
            claims.put("exp", java.time.Instant.now().getEpochSecond() + minutes * 60L);
        }
        return signer.generateToken(claims, options);
    }

    /** A fresh P-256 key pair as PEM: [private (PKCS#8), public (X.509)]. */
    public static String[] newKeyPairPem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return new String[] {
                pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
                pem("PUBLIC KEY", pair.getPublic().getEncoded())
            };
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an EC key pair", e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
