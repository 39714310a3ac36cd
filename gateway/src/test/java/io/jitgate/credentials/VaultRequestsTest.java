package io.jitgate.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitgate.tools.CredentialType;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-call Vault requests (issuing credentials, revoking a lease) against a fake Vault: what is
 * sent, how answers are read and refused, how failures are classified for the circuit breaker and
 * the health status, and that the answer comes back on the caller's event loop.
 */
class VaultRequestsTest {
    static final String STS = "{\"lease_id\":\"\",\"lease_duration\":900,\"data\":{\"access_key\":\"ASIAFAKE\","
            + "\"secret_key\":\"s3cr3t-key\",\"security_token\":\"s3cr3t-token\"}}";
    static final String CREDS = "{\"lease_id\":\"aws/creds/reader/abc\",\"lease_duration\":900,\"data\":{\"access_key\":\"AKIAFAKE\","
            + "\"secret_key\":\"s3cr3t-key\",\"security_token\":null}}";

    @TempDir
    Path dir;
    Vertx vertx;
    WorkerExecutor workers;
    FakeVault vault;
    VaultSession session;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        workers = vertx.createSharedWorkerExecutor("test-vault", 2);
        vault = new FakeVault(vertx);
        session = session(vault.port(), Duration.ofSeconds(5));
        session.start().await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        session.close();
        vault.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    VaultSession session(int port, Duration timeout) throws Exception {
        Path secretId = dir.resolve("secret-id-" + port);
        Files.writeString(secretId, "the-secret-id\n");
        return new VaultSession(vertx, new VaultSettings(URI.create("http://127.0.0.1:" + port), "approle", "role-id", secretId, null,
                "aws", Duration.ofSeconds(900), timeout), workers);
    }

    /** Runs {@code work} on an event loop and waits for its result, remembering the thread it completed on. */
    <T> T onEventLoop(Supplier<Future<T>> work, Thread[] completedOn) {
        Context context = vertx.getOrCreateContext();
        Promise<T> result = Promise.promise();
        Thread[] startedOn = new Thread[1];
        context.runOnContext(v -> {
            startedOn[0] = Thread.currentThread();
            work.get().onComplete(ar -> {
                completedOn[0] = Thread.currentThread();
                result.handle(ar);
            });
        });
        T value = await(result.future());
        assertThat(startedOn[0].getName()).startsWith("vert.x-eventloop-thread");
        return value;
    }

    @Test
    void issuesStsCredentialsWithTheSessionTokenOnTheCallersEventLoopWithoutAWorker() throws Exception {
        vault.then(200, STS);
        WorkerExecutor loginOnly = vertx.createSharedWorkerExecutor("test-login-only", 1);
        VaultSession loggedIn = new VaultSession(vertx, session.settings(), loginOnly);
        loggedIn.start().await(10, TimeUnit.SECONDS);
        loginOnly.close().await(10, TimeUnit.SECONDS); // from here on, any use of a worker would fail the call
        Thread[] completedOn = new Thread[1];
        Thread[] callerLoop = new Thread[1];
        IssuedCredentials issued;
        try {
            issued = onEventLoop(() -> {
                callerLoop[0] = Thread.currentThread();
                return new VaultStsIssuer(loggedIn).issue("reader", CredentialType.ASSUMED_ROLE, "jitgate-call-1");
            }, completedOn);
        } finally {
            loggedIn.close();
        }

        assertThat(completedOn[0]).as("answered on the caller's event loop").isSameAs(callerLoop[0]);
        assertThat(issued.accessKeyId()).isEqualTo("ASIAFAKE");
        assertThat(issued.ttlSeconds()).isEqualTo(900);
        assertThat(issued.leaseId()).isEmpty();
        assertThat(issued.roleSessionName()).isEqualTo("jitgate-call-1");
        assertThat(issued.toString()).doesNotContain("s3cr3t");
        FakeVault.Request request = vault.requestsTo("aws/").get(0);
        assertThat(request.path()).isEqualTo("aws/sts/reader");
        assertThat(request.token()).isEqualTo("token-2");
        assertThat(request.body()).isEqualTo(new JsonObject().put("ttl", "900s").put("role_session_name", "jitgate-call-1"));
    }

    @Test
    void aLeasedIamUserKeyIsAskedAtCredsWithoutASessionName() {
        vault.then(200, CREDS);
        IssuedCredentials issued = onEventLoop(() -> new VaultStsIssuer(session).issue("reader", CredentialType.IAM_USER, "ignored"),
                new Thread[1]);
        assertThat(issued.leaseId()).isEqualTo("aws/creds/reader/abc");
        assertThat(issued.roleSessionName()).isEmpty();
        assertThat(vault.requestsTo("aws/").get(0).path()).isEqualTo("aws/creds/reader");
        assertThat(vault.requestsTo("aws/").get(0).body()).isEqualTo(new JsonObject().put("ttl", "900s"));
    }

    @Test
    void aRefusedTokenMakesTheSessionLogInAgainAndTheRequestIsSentOnceMore() {
        vault.then(403, "{\"errors\":[\"permission denied\"]}").then(200, STS);
        IssuedCredentials issued = issue();
        assertThat(issued.accessKeyId()).isEqualTo("ASIAFAKE");
        assertThat(vault.logins()).isEqualTo(2);
        assertThat(vault.requestsTo("aws/")).extracting(FakeVault.Request::token).containsExactly("token-1", "token-2");
    }

    @Test
    void aTokenRefusedTwiceIsARefusalNotAnOutage() {
        vault.then(403, "{\"errors\":[\"permission denied\"]}").then(403, "{\"errors\":[\"permission denied\"]}");
        VaultRequestException e = issueFails();
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.getMessage()).isEqualTo("Vault answered 403 for aws/sts/reader: permission denied");
        assertThat(VaultStsIssuer.isOutage(new CompletionException(e))).isFalse();
        assertThat(vault.requestsTo("aws/")).hasSize(2);
        assertThat(session.health().ok()).isTrue();
    }

    @Test
    void aServerErrorIsAnOutageAndTheHealthSaysSo() {
        vault.then(500, "{\"errors\":[\"internal error\"]}");
        VaultRequestException e = issueFails();
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.getMessage()).contains("internal error");
        assertThat(VaultStsIssuer.isOutage(e)).isTrue();
        assertThat(session.health().status()).isEqualTo(VaultHealth.UNREACHABLE);
    }

    @Test
    void anAnswerLivingLongerThanAskedIsRefusedWithoutQuotingTheKeys() {
        vault.then(200, STS.replace("\"lease_duration\":900", "\"lease_duration\":3600"));
        VaultRequestException e = issueFails();
        assertThat(e.status()).isEqualTo(VaultRequestException.BAD_ANSWER);
        assertThat(e.getMessage()).isEqualTo("Vault issued credentials for 3600 s for aws/sts/reader, but 900 s were asked for; refusing them")
                .doesNotContain("s3cr3t");
    }

    @Test
    void aLeasedKeyWithoutLeaseIdIsRefused() {
        vault.then(200, CREDS.replace("aws/creds/reader/abc", ""));
        assertThat(catchFailure(() -> new VaultStsIssuer(session).issue("reader", CredentialType.IAM_USER, "x")))
                .isInstanceOf(VaultRequestException.class).hasMessage("Vault's answer for aws/creds/reader has no lease id, so the key could not be revoked; refusing it");
    }

    @Test
    void answersWithoutKeysOrNotJsonAreRefused() {
        vault.then(200, "{\"data\":{}}").then(200, "<html>s3cr3t</html>");
        assertThat(issueFails().getMessage()).isEqualTo("Vault's answer for aws/sts/reader has no access_key/secret_key");
        VaultRequestException notJson = issueFails();
        assertThat(notJson.getMessage()).isEqualTo("Vault's answer for aws/sts/reader is not a JSON object");
        assertThat(notJson.outage()).isTrue();
    }

    @Test
    void noAnswerAtAllIsStatusZeroAndAnOutage() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        VaultSession nowhere = session(closedPort, Duration.ofSeconds(5));
        try {
            Throwable e = catchFailure(() -> new VaultStsIssuer(nowhere).issue("reader", CredentialType.ASSUMED_ROLE, "x"));
            assertThat(e).isInstanceOf(VaultRequestException.class);
            assertThat(((VaultRequestException) e).status()).isZero();
            assertThat(VaultStsIssuer.isOutage(e)).isTrue();
            assertThat(nowhere.health().status()).isEqualTo(VaultHealth.UNREACHABLE);
        } finally {
            nowhere.close();
        }
    }

    @Test
    void aVaultThatNeverAnswersTimesOutAsNoAnswer() throws Exception {
        VaultSession slow = session(vault.port(), Duration.ofMillis(300));
        try {
            slow.start().await(10, TimeUnit.SECONDS);
            vault.then(0, "");
            Throwable e = catchFailure(() -> new VaultStsIssuer(slow).issue("reader", CredentialType.ASSUMED_ROLE, "x"));
            assertThat(((VaultRequestException) e).status()).isEqualTo(VaultRequestException.NO_ANSWER);
            assertThat(e.getMessage()).startsWith("no answer from Vault at http://127.0.0.1:" + vault.port() + " for aws/sts/reader");
        } finally {
            slow.close();
        }
    }

    @Test
    void revokingALeaseAsksVaultAndRetriesOnceWithAFreshToken() {
        IssuedCredentials leased = new IssuedCredentials("AKIAFAKE", "s3cr3t", null, "aws/creds/reader/abc", "reader", "", 900,
                java.time.Instant.now(), CredentialType.IAM_USER);
        vault.then(403, "{\"errors\":[\"permission denied\"]}").then(204, "");
        Revocation revocation = onEventLoop(() -> new VaultLeaseRevoker(session).end(leased), new Thread[1]);
        assertThat(revocation.revoked()).isTrue();
        assertThat(vault.requestsTo("sys/")).extracting(FakeVault.Request::path)
                .containsExactly("sys/leases/revoke/aws/creds/reader/abc", "sys/leases/revoke/aws/creds/reader/abc");
        assertThat(vault.requestsTo("sys/")).extracting(FakeVault.Request::token).containsExactly("token-1", "token-2");

        vault.then(500, "{\"errors\":[\"lease not found\"]}");
        Revocation failed = onEventLoop(() -> new VaultLeaseRevoker(session).end(leased), new Thread[1]);
        assertThat(failed.status()).isEqualTo(Revocation.FAILED);
        assertThat(failed.detail()).contains("Vault answered 500 for sys/leases/revoke/aws/creds/reader/abc: lease not found");
    }

    @Test
    void stsCredentialsAreNotRevocableAndVaultIsNotAsked() {
        IssuedCredentials sts = new IssuedCredentials("ASIAFAKE", "s3cr3t", "t", "", "reader", "n", 900, java.time.Instant.now());
        assertThat(onEventLoop(() -> new VaultLeaseRevoker(session).end(sts), new Thread[1]).status()).isEqualTo(Revocation.NOT_REVOCABLE);
        assertThat(vault.requestsTo("sys/")).isEmpty();
    }

    @Test
    void vaultErrorTextsAreReadFromTheErrorsArrayOrShownAsTheyCame() {
        assertThat(VaultHttp.errors(Buffer.buffer("{\"errors\":[\"one\",\"two\"]}"))).isEqualTo("one; two");
        assertThat(VaultHttp.errors(Buffer.buffer("Bad Gateway\n"))).isEqualTo("Bad Gateway");
        assertThat(VaultHttp.errors(Buffer.buffer())).isEqualTo("(no body)");
        assertThat(VaultHttp.answer("p", 204, Buffer.buffer())).isEqualTo(new JsonObject());
    }

    @Test
    void failuresThatAreNotVaultAnswersCountAsOutages() {
        assertThat(VaultStsIssuer.isOutage(new IllegalStateException("boom"))).isTrue();
        assertThat(VaultStsIssuer.isOutage(new VaultRequestException(400, "bad request"))).isFalse();
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.await(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer within 20 s", e);
        }
    }

    private IssuedCredentials issue() {
        return onEventLoop(() -> new VaultStsIssuer(session).issue("reader", CredentialType.ASSUMED_ROLE, "x"), new Thread[1]);
    }

    private VaultRequestException issueFails() {
        Throwable e = catchFailure(() -> new VaultStsIssuer(session).issue("reader", CredentialType.ASSUMED_ROLE, "x"));
        assertThat(e).isInstanceOf(VaultRequestException.class);
        return (VaultRequestException) e;
    }

    private Throwable catchFailure(Supplier<Future<IssuedCredentials>> work) {
        Promise<Throwable> failure = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> work.get().onComplete(ar -> failure.complete(ar.failed() ? ar.cause() : null)));
        Throwable e = await(failure.future());
        assertThat(e).as("the request should have failed").isNotNull();
        return e;
    }
}
