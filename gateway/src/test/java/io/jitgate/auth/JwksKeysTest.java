package io.jitgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keys published by an identity provider as a JWKS document, fetched over HTTP. */
class JwksKeysTest {
    Vertx vertx;
    HttpServer idp;
    JsonObject published;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        idp = vertx.createHttpServer().requestHandler(r -> r.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("keys", new JsonArray().add(published)).encode())).listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        vertx.close();
    }

    static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static JsonObject jwk(KeyPair pair, String kid, boolean withPrivate) {
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        JsonObject jwk = new JsonObject().put("kty", "EC").put("crv", "P-256").put("alg", "ES256").put("use", "sig").put("kid", kid)
                .put("x", b64(pub.getW().getAffineX())).put("y", b64(pub.getW().getAffineY()));
        if (withPrivate) {
            jwk.put("d", b64(((ECPrivateKey) pair.getPrivate()).getS()));
        }
        return jwk;
    }

    static String b64(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(32, bytes.length);
        System.arraycopy(bytes, bytes.length - copy, fixed, 32 - copy, copy);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }

    String token(KeyPair pair, String kid) {
        JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addJwk(jwk(pair, kid, true)));
        return signer.generateToken(new JsonObject().put("groups", new JsonArray().add("g")),
                new JWTOptions().setAlgorithm("ES256").setIssuer("idp").setAudience(List.of("http://gw/mcp")).setSubject("agent-j")
                        .setExpiresInMinutes(5));
    }

    @Test
    void tokensSignedWithAPublishedKeyVerifyAndOthersDoNot() throws Exception {
        KeyPair idpKey = ecKeyPair();
        published = jwk(idpKey, "k1", false);
        URI url = URI.create("http://127.0.0.1:" + idp.actualPort() + "/jwks.json");
        JwtAgentAuthenticator authenticator = new JwtAgentAuthenticator(vertx,
                new AuthSettings("idp", "http://gw/mcp", "ES256", null, true, url));
        authenticator.useKeys(JwksKeys.fetch(url));
        assertThat(authenticator.authenticate("Bearer " + token(idpKey, "k1")).await(5, TimeUnit.SECONDS).agentId()).isEqualTo("agent-j");
        Throwable forged = authenticator.authenticate("Bearer " + token(ecKeyPair(), "k1"))
                .transform(ar -> Future.succeededFuture(ar.cause())).await(5, TimeUnit.SECONDS);
        assertThat(forged).isInstanceOf(AuthenticationFailed.class);
    }

    @Test
    void anEmptyOrFailingJwksIsAClearError() {
        published = null;
        URI url = URI.create("http://127.0.0.1:" + idp.actualPort() + "/jwks.json");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JwksKeys.fetch(url)).hasMessageContaining("has no keys");
    }
}
