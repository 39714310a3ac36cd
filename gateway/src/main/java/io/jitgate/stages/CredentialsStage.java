package io.jitgate.stages;

import io.jitgate.credentials.CredentialIssuer;
import io.jitgate.credentials.RoleSessionNames;
import io.jitgate.pipeline.CallContext;
import io.jitgate.pipeline.GatewayError;
import io.jitgate.pipeline.Phase;
import io.jitgate.pipeline.Reason;
import io.jitgate.pipeline.Stage;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains fresh credentials for this call only, for the tool's Vault role, with the role session
 * name derived from the call id. There is no cache and no fallback: no credentials, no call.
 */
public final class CredentialsStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialsStage.class);

    private final CredentialIssuer issuer;
    private final CredentialObserver observer;

    public CredentialsStage(CredentialIssuer issuer, CredentialObserver observer) {
        this.issuer = issuer;
        this.observer = observer;
    }

    @Override
    public Phase phase() {
        return Phase.CREDENTIALS;
    }

    @Override
    public Future<CallContext> apply(CallContext call) {
        String sessionName = RoleSessionNames.forCall(call.callId());
        return issuer.issue(call.tool().vaultRole(), sessionName)
                .recover(cause -> {
                    LOG.warn("call {}: credentials for Vault role {} unavailable: {}", call.callId(),
                            call.tool().vaultRole(), cause.toString());
                    return Future.failedFuture(GatewayError.caused(Reason.CREDENTIALS_UNAVAILABLE,
                            "credentials unavailable", cause));
                })
                .map(credentials -> {
                    observer.issued(call.callId(), credentials);
                    return call.withCredentials(credentials);
                });
    }
}
