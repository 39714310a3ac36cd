package io.jitgate.stages;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.jitgate.credentials.CredentialIssuer;
import io.jitgate.credentials.IssuedCredentials;
import io.jitgate.credentials.RoleSessionNames;
import io.jitgate.credentials.SessionPolicies;
import io.jitgate.credentials.StsNarrower;
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
 *
 * <p>A tool whose definition narrows its credentials ({@code aws.credentials.narrowTo}) gets its
 * session policy rendered first (a policy larger than STS accepts refuses the call before Vault is
 * asked), then, after Vault, a second AssumeRole with that policy ({@link StsNarrower}); only the
 * narrowed credentials reach the AWS call. A failed second hop fails the call: never the wider credentials.
 */
public final class CredentialsStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialsStage.class);

    private final CredentialIssuer issuer;
    private final CredentialObserver observer;
    private final CircuitBreaker breaker;
    private final GatewayMetrics metrics;
    private final StsNarrower narrower;
    private final CircuitBreaker stsBreaker;

    public CredentialsStage(CredentialIssuer issuer, CredentialObserver observer, CircuitBreaker breaker, GatewayMetrics metrics) {
        this(issuer, observer, breaker, metrics, null, null);
    }

    /**
     * A stage that also narrows the credentials of tools that ask for it, with {@code narrower}, through
     * {@code stsBreaker} (AWS STS's breaker: the hop is an STS call like any other).
     */
    public CredentialsStage(CredentialIssuer issuer, CredentialObserver observer, CircuitBreaker breaker, GatewayMetrics metrics,
            StsNarrower narrower, CircuitBreaker stsBreaker) {
        this.issuer = issuer;
        this.observer = observer;
        this.breaker = breaker;
        this.metrics = metrics;
        this.narrower = narrower;
        this.stsBreaker = stsBreaker;
    }

    @Override
    public Phase phase() {
        return Phase.CREDENTIALS;
    }

    @Override
    public Future<CallContext> apply(CallContext call) {
        if (call.tool().isLocal()) {
            return Future.succeededFuture(call); // a local tool makes no AWS request: no credentials are issued
        }
        String sessionName = RoleSessionNames.forCall(call.callId());
        String role = call.tool().vaultRole();
        CallContext traced = call.withResilience(call.resilience().withVaultCircuit(Guards.stateWord(breaker)));
        String sessionPolicy = null;
        if (call.tool().aws().credentials().narrows()) {
            try {
                if (narrower == null) {
                    throw new IllegalStateException("this gateway cannot narrow credentials");
                }
                narrower.roleArn(call.tool());
                sessionPolicy = SessionPolicies.forCall(call.tool(), call.arguments());
            } catch (RuntimeException e) {
                return Future.failedFuture(GatewayError.of(Reason.CREDENTIALS_UNAVAILABLE,
                        "credentials unavailable: " + e.getMessage()).at(traced));
            }
        }
        String policy = sessionPolicy;
        long start = System.nanoTime();
        return AsyncGuards.circuit(breaker, () -> issuer.issue(role, call.tool().aws().credentials().type(), sessionName))
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
                .compose(credentials -> {
                    metrics.vaultIssue(role, "ok", System.nanoTime() - start);
                    observer.issued(call.callId(), credentials);
                    return policy == null ? Future.succeededFuture(traced.withCredentials(credentials))
                            : narrow(traced, credentials, policy, sessionName);
                });
    }

    private Future<CallContext> narrow(CallContext call, IssuedCredentials issued, String policy, String sessionName) {
        long start = System.nanoTime();
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        java.util.function.Supplier<Future<IssuedCredentials>> hop = () -> narrower.narrow(context, issued, call.tool(), policy, sessionName)
                .andThen(ar -> metrics.awsCall("sts", "AssumeRole", ar.succeeded() ? "ok" : io.jitgate.aws.AwsFailures.word(ar.cause()),
                        System.nanoTime() - start));
        return (stsBreaker == null ? hop.get() : AsyncGuards.circuit(stsBreaker, hop))
                .recover(cause -> {
                    if (cause instanceof CallNotPermittedException) {
                        return Future.failedFuture(GatewayError.of(Reason.CIRCUIT_OPEN, "credentials unavailable: AWS sts is failing, "
                                + "so calls that narrow their credentials are refused for now (circuit open)").at(call));
                    }
                    Throwable root = io.jitgate.aws.AwsFailures.unwrap(cause);
                    LOG.warn("call {}: narrowing the credentials of {} failed: {}", call.callId(), call.tool().name(), root.toString());
                    // The record names the key Vault issued (it made the failed AssumeRole, which CloudTrail shows),
                    // and a revocable lease is still revoked at the call's end.
                    return Future.failedFuture(GatewayError.caused(Reason.CREDENTIALS_UNAVAILABLE,
                            "credentials unavailable: narrowing them to this call (second AssumeRole with a session policy) failed",
                            root).at(call.withCredentials(issued)));
                })
                .map(narrowed -> {
                    observer.issued(call.callId(), narrowed);
                    return call.withCredentials(narrowed);
                });
    }
}
