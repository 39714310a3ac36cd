package io.jitgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JwtAgentAuthenticatorTest {
    static Vertx vertx;
    static String[] keys;
    static JwtAgentAuthenticator authenticator;
    static DevTokens tokens;
    static final String AUDIENCE = "http://127.0.0.1:8080/mcp";

    @BeforeAll
    static void setUp() throws Exception {
        vertx = Vertx.vertx();
        keys = DevTokens.newKeyPairPem();
        authenticator = new JwtAgentAuthenticator(vertx, new AuthSettings("iss-1", AUDIENCE, DevTokens.ALGORITHM, keys[1]));
        tokens = new DevTokens(vertx, keys[0], "iss-1", AUDIENCE);
    }

    @AfterAll
    static void tearDown() throws Exception {
        vertx.close();
    }

    private AgentPrincipal ok(String header) throws Exception {
        return authenticator.authenticate(header).await(5, TimeUnit.SECONDS);
    }

    private AuthenticationFailed refused(String header) throws Exception {
        Throwable cause = authenticator.authenticate(header).transform(ar -> Future.succeededFuture(ar.cause()))
                .await(5, TimeUnit.SECONDS);
        assertThat(cause).isInstanceOf(AuthenticationFailed.class);
        return (AuthenticationFailed) cause;
    }

    @Test
    void aValidTokenNamesTheAgentTheUserAndTheGroups() throws Exception {
        AgentPrincipal p = ok("Bearer " + tokens.mint("agent-7", "alice", List.of("dev-agents", "ops"), "acme", 5));
        assertThat(p.agentId()).isEqualTo("agent-7");
        assertThat(p.actingFor()).isEqualTo("alice");
        assertThat(p.groups()).containsExactly("dev-agents", "ops");
        assertThat(p.tenant()).isEqualTo("acme");
    }

    @Test
    void missingAndMalformedHeadersAreRefused() throws Exception {
        assertThat(refused(null).getMessage()).contains("missing bearer token");
        assertThat(refused("Basic abc").getMessage()).contains("Bearer");
        assertThat(refused("Bearer not-a-jwt").oauthError()).isEqualTo("invalid_token");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        assertThat(refused("Bearer " + tokens.mint("a", "u", List.of(), "t", -5)).getMessage()).contains("expired");
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() throws Exception {
        DevTokens forger = new DevTokens(vertx, DevTokens.newKeyPairPem()[0], "iss-1", AUDIENCE);
        assertThat(refused("Bearer " + forger.mint("a", "u", List.of(), "t", 5)).oauthError()).isEqualTo("invalid_token");
    }

    @Test
    void aTokenForAnotherAudienceOrIssuerIsRefused() throws Exception {
        assertThat(refused("Bearer " + new DevTokens(vertx, keys[0], "iss-1", "http://elsewhere/mcp").mint("a", "u", List.of(), "t", 5))
                .oauthError()).isEqualTo("invalid_token");
        assertThat(refused("Bearer " + new DevTokens(vertx, keys[0], "iss-2", AUDIENCE).mint("a", "u", List.of(), "t", 5))
                .oauthError()).isEqualTo("invalid_token");
    }

    @Test
    void aRememberedTokenIsStillRefusedOnceItExpires() throws Exception {
        io.jitgate.testing.MutableClock clock = new io.jitgate.testing.MutableClock(java.time.Instant.now());
        JwtAgentAuthenticator cached = new JwtAgentAuthenticator(vertx, new AuthSettings("iss-1", AUDIENCE, DevTokens.ALGORITHM, keys[1]), clock);
        String header = "Bearer " + tokens.mint("agent-9", "u", List.of(), "t", 2);
        assertThat(cached.authenticate(header).await(5, TimeUnit.SECONDS).agentId()).isEqualTo("agent-9");
        assertThat(cached.authenticate(header).await(5, TimeUnit.SECONDS).agentId()).isEqualTo("agent-9");
        clock.now = clock.now.plusSeconds(3 * 60);
        Throwable cause = cached.authenticate(header).transform(ar -> Future.succeededFuture(ar.cause())).await(5, TimeUnit.SECONDS);
        assertThat(cause).isInstanceOf(AuthenticationFailed.class).hasMessageContaining("expired");
    }
}
