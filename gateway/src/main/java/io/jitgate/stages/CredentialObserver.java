package io.jitgate.stages;

import io.jitgate.credentials.IssuedCredentials;

/**
 * A test-only seam: sees each call's credentials as they are issued, inside the gateway's process.
 * Production wiring uses {@link #NONE}; nothing agent-visible ever reaches it.
 */
@FunctionalInterface
public interface CredentialObserver {
    CredentialObserver NONE = (callId, credentials) -> { };

    void issued(String callId, IssuedCredentials credentials);
}
