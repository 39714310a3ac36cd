package io.jitgate.e2e;

import io.jitgate.Gateway;
import io.jitgate.credentials.IssuedCredentials;
import io.jitgate.stages.CredentialObserver;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the end-to-end suite saw, for the secret-hygiene test that runs last: every secret the
 * gateways were issued (through the test-only credential hook) and every response an agent got.
 */
final class SuiteOutputs {
    /** Secret access keys and session tokens issued to gateways during this run. */
    static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    /** How many credentials the hook saw. */
    static final Set<String> ACCESS_KEYS = ConcurrentHashMap.newKeySet();
    /** The call each access key id was issued for. */
    static final java.util.Map<String, String> CALL_OF_KEY = new ConcurrentHashMap<>();
    /** Every tools/call result and raw HTTP answer an agent received, as text. */
    static final Queue<String> RESPONSES = new ConcurrentLinkedQueue<>();

    private SuiteOutputs() {
    }

    static void issued(IssuedCredentials credentials) {
        var resolved = credentials.provider().resolveCredentials();
        SECRETS.add(resolved.secretAccessKey());
        if (resolved instanceof software.amazon.awssdk.auth.credentials.AwsSessionCredentials session) {
            SECRETS.add(session.sessionToken());
        }
        ACCESS_KEYS.add(credentials.accessKeyId());
    }

    /** Hooks that record every issued credential here, then tell {@code observer}. */
    static Gateway.Hooks hooks(CredentialObserver observer) {
        return new Gateway.Hooks((callId, credentials) -> {
            issued(credentials);
            CALL_OF_KEY.put(credentials.accessKeyId(), callId);
            observer.issued(callId, credentials);
        });
    }

    static Gateway.Hooks hooks() {
        return hooks(CredentialObserver.NONE);
    }
}
