package io.jitgate.stages;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.jitgate.credentials.CredentialIssuer;
import io.jitgate.credentials.RoleSessionNames;
import io.jitgate.metrics.GatewayMetrics;
import io.jitgate.pipeline.CallContext;
import io.jitgate.pipeline.GatewayError;
import io.jitgate.pipeline.Phase;
import io.jitgate.pipeline.Reason;
import io.jitgate.pipeline.Stage;
import io.jitgate.resilience.AsyncGuards;
import io.jitgate.resilience.Guards;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains fresh credentials for this call only, for the tool's Vault role, with the role session
 * name derived from the call id, through the Vault circuit breaker. There is no cache and no
 * fallback: no credentials, no call. While the breaker is open the call fails at once with
 * {@code circuit_open}; other failures are {@code credentials_unavailable}.
 */
public final class CredentialsStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialsStage.class);

    private final CredentialIssuer issuer;
    private final CredentialObserver observer;
    private final CircuitBreaker breaker;
    private final GatewayMetrics metrics;

    public CredentialsStage(CredentialIssuer issuer, CredentialObserver observer, CircuitBreaker breaker, GatewayMetrics metrics) {
        this.issuer = issuer;
        this.observer = observer;
        this.breaker = breaker;
        this.metrics = metrics;
    }

    @Override
    public Phase phase() {
        return Phase.CREDENTIALS;
    }

    @Override
    public Future<CallContext> apply(CallContext call) {
        if (call.tool().isLocal()) {
            return Future.succeededFuture(call); // a local tool calls no AWS: nothing to issue
        }
        String sessionName = RoleSessionNames.forCall(call.callId());
        String role = call.tool().vaultRole();
        CallContext traced = call.withResilience(call.resilience().withVaultCircuit(Guards.stateWord(breaker)));
        long start = System.nanoTime();
        return AsyncGuards.circuit(breaker, () -> issuer.issue(role, sessionName))
                .recover(cause -> {
                    boolean open = cause instanceof CallNotPermittedException;
                    metrics.vaultIssue(role, open ? Reason.CIRCUIT_OPEN.word() : "error", System.nanoTime() - start);
                    if (open) {
                        return Future.failedFuture(GatewayError.of(Reason.CIRCUIT_OPEN,
                                "credentials unavailable: Vault is failing, so calls are refused for now (circuit open)").at(traced));
                    }
                    LOG.warn("call {}: credentials for Vault role {} unavailable: {}", call.callId(), role, cause.toString());
                    return Future.failedFuture(GatewayError.caused(Reason.CREDENTIALS_UNAVAILABLE,
                            "credentials unavailable", cause).at(traced));
                })
                .map(credentials -> {
                    metrics.vaultIssue(role, "ok", System.nanoTime() - start);
                    observer.issued(call.callId(), credentials);
                    return traced.withCredentials(credentials);
                });
    }
}
