package io.jitgate.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies an agent's bearer JWT and turns its claims into an {@link AgentPrincipal}. The token
 * must be signed by the configured key, unexpired (it must carry {@code exp}), issued by the
 * configured issuer for the configured audience, and name the agent in {@code sub}. Other claims:
 * {@code user} (the person the agent acts for), {@code groups} (a list), {@code tenant} and
 * {@code scope} (space separated).
 */
public final class JwtAgentAuthenticator {
    /** Verified tokens kept (token text -> principal until its expiry); beyond this the cache starts afresh. */
    static final int CACHE_LIMIT = 10_000;

    private record Verified(AgentPrincipal principal, long expiresAtEpochSecond) {
    }

    private final Vertx vertx;
    private final AuthSettings settings;
    private final java.util.concurrent.atomic.AtomicReference<JWTAuth> jwt = new java.util.concurrent.atomic.AtomicReference<>();
    private final java.time.Clock clock;
    private final java.util.concurrent.ConcurrentHashMap<String, Verified> verified = new java.util.concurrent.ConcurrentHashMap<>();

    public JwtAgentAuthenticator(Vertx vertx, AuthSettings settings) {
        this(vertx, settings, java.time.Clock.systemUTC());
    }

    /**
     * A signature check costs about a millisecond of CPU (ES256), so a token that verified is
     * remembered until it expires: the same token then costs a map lookup. Nothing else changes,
     * as a JWT cannot be revoked before its expiry anyway.
     */
    public JwtAgentAuthenticator(Vertx vertx, AuthSettings settings, java.time.Clock clock) {
        this.clock = clock;
        this.vertx = vertx;
        this.settings = settings;
        useKeys(List.of());
    }

    /**
     * Verifies with the configured PEM key (if any) and these keys from the identity provider's
     * JWKS. Tokens verified with keys that are no longer published are forgotten.
     */
    public void useKeys(List<JsonObject> jwks) {
        JWTOptions options = new JWTOptions()
                .setIssuer(settings.issuer())
                .setAudience(List.of(settings.audience()))
                .setLeeway(30);
        JWTAuthOptions auth = new JWTAuthOptions().setJWTOptions(options);
        if (settings.publicKeyPem() != null) {
            auth.addPubSecKey(new PubSecKeyOptions().setAlgorithm(settings.algorithm()).setBuffer(settings.publicKeyPem()));
        }
        jwks.forEach(auth::addJwk);
        jwt.set(JWTAuth.create(vertx, auth));
        verified.clear();
    }

    /** Verifies the {@code Authorization} header's value (may be null). */
    public Future<AgentPrincipal> authenticate(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            return Future.failedFuture(new AuthenticationFailed("invalid_request", "missing bearer token"));
        }
        if (!authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Future.failedFuture(new AuthenticationFailed("invalid_request", "Authorization must use the Bearer scheme"));
        }
        String token = authorizationHeader.substring(7).trim();
        Verified known = verified.get(token);
        if (known != null) {
            if (clock.instant().getEpochSecond() < known.expiresAtEpochSecond()) {
                return Future.succeededFuture(known.principal());
            }
            verified.remove(token);
            return Future.failedFuture(new AuthenticationFailed("invalid_token", "token expired"));
        }
        return jwt.get().authenticate(new TokenCredentials(token))
                .recover(cause -> Future.failedFuture(new AuthenticationFailed("invalid_token", describe(cause))))
                .compose(user -> {
                    JsonObject claims = claims(user);
                    return principal(claims).onSuccess(p -> remember(token, p, claims));
                });
    }

    private void remember(String token, AgentPrincipal principal, JsonObject claims) {
        if (verified.size() >= CACHE_LIMIT) {
            verified.clear();
        }
        verified.put(token, new Verified(principal, claims.getLong("exp")));
    }

    /** The token's decoded claims; vertx-auth-jwt keeps the full payload in the "accessToken" attribute. */
    private static JsonObject claims(io.vertx.ext.auth.User user) {
        JsonObject accessToken = user.attributes().getJsonObject("accessToken");
        return accessToken != null ? accessToken : user.principal();
    }

    private static Future<AgentPrincipal> principal(JsonObject claims) {
        if (!(claims.getValue("exp") instanceof Number)) {
            return Future.failedFuture(new AuthenticationFailed("invalid_token", "token has no expiry (exp)"));
        }
        Object sub = claims.getValue("sub");
        if (!(sub instanceof String agent) || agent.isBlank()) {
            return Future.failedFuture(new AuthenticationFailed("invalid_token", "token names no agent (sub)"));
        }
        List<String> groups = strings(claims.getValue("groups"));
        String scope = claims.getString("scope", "");
        List<String> scopes = scope.isBlank() ? List.of() : List.of(scope.trim().split("\\s+"));
        return Future.succeededFuture(new AgentPrincipal(agent, claims.getString("user"), groups,
                claims.getString("tenant"), scopes));
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof JsonArray array) {
            array.forEach(v -> {
                if (v instanceof String s && !s.isBlank()) {
                    out.add(s);
                }
            });
        }
        return out;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(java.util.Locale.ROOT);
        if (message.contains("expired")) {
            return "token expired";
        }
        if (message.contains("signature")) {
            return "token signature is invalid";
        }
        if (message.contains("issuer") || message.contains("iss")) {
            return "token issuer is not accepted";
        }
        if (message.contains("audience") || message.contains("aud")) {
            return "token audience is not this gateway";
        }
        return "token is invalid";
    }
}
