package io.jitgate.credentials;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.LookupResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own Vault identity: an AppRole login at start, renewal of the token before it
 * expires (at two thirds of its lifetime), a new login when renewal is refused, the token was lost or
 * revoked, or its maximum lifetime is near, and a {@link VaultHealth} that says plainly whether Vault
 * can be reached. While Vault is unreachable the session retries the login in the background, so the
 * gateway recovers without a restart.
 *
 * <p>Login, renewal and the background checks are rare and use the blocking Vault driver on the given
 * worker pool. Per-call requests do not come here for more than the token: {@link #token()} answers at
 * once while logged in, and {@link #http()} sends them on the caller's event loop. Nothing an event
 * loop calls here waits for a lock held during a Vault request.
 */
public final class VaultSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VaultSession.class);
    /** How often a lost session tries to log in again while nothing else asks for it. */
    static final Duration RELOGIN_INTERVAL = Duration.ofSeconds(2);

    /** One login: the driver client holding the token, and the token for per-call requests. */
    private record Identity(Vault vault, String token) {
        @Override
        public String toString() {
            return "Identity[token=<redacted>]";
        }
    }

    private final Vertx vertx;
    private final VaultSettings settings;
    private final WorkerExecutor workers;
    private final SecretIds secretIds;
    private final HttpClient blockingHttp;
    private final VaultHttp http;
    private final AtomicReference<Identity> identity = new AtomicReference<>();
    /** Held only while logging in (blocking); never taken on an event loop. */
    private final Object loginLock = new Object();
    private volatile VaultHealth health;
    /** Guarded by {@code this}, which is never held during a Vault request. */
    private long timer = -1;
    private volatile boolean closed;

    public VaultSession(Vertx vertx, VaultSettings settings, WorkerExecutor workers) {
        this(vertx, settings, workers, System::getenv);
    }

    VaultSession(Vertx vertx, VaultSettings settings, WorkerExecutor workers, Function<String, String> environment) {
        this.vertx = vertx;
        this.settings = settings;
        this.workers = workers;
        this.secretIds = new SecretIds(settings, environment);
        this.blockingHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout()).build();
        this.http = new VaultHttp(vertx, settings);
        this.health = new VaultHealth(VaultHealth.STARTING, Instant.now(), "not logged in yet", null);
    }

    /**
     * Logs in. The future always succeeds: a gateway whose Vault is down still starts, reports it in
     * its health, refuses every call that needs credentials, and keeps trying to log in.
     */
    public Future<Void> start() {
        return workers.executeBlocking(() -> {
            try {
                identity();
            } catch (VaultException e) {
                LOG.warn("Vault login at start failed: {}", e.getMessage());
            }
            return null;
        }, false);
    }

    public VaultHealth health() {
        return health;
    }

    public VaultSettings settings() {
        return settings;
    }

    /** The non-blocking client for per-call requests, with this session's address and timeout. */
    public VaultHttp http() {
        return http;
    }

    /**
     * The gateway's token for a per-call request: at once while logged in; otherwise after a login on
     * the worker pool. Completes on the caller's context. A failed login fails it with a
     * {@link VaultRequestException} carrying the status Vault answered (0: no answer).
     */
    public Future<String> token() {
        Identity current = identity.get();
        if (current != null) {
            return Future.succeededFuture(current.token());
        }
        return workers.executeBlocking(() -> {
            try {
                return identity().token();
            } catch (VaultException e) {
                throw new VaultRequestException(e.getHttpStatusCode(), e.getMessage());
            }
        }, false);
    }

    /** Vault refused {@code staleToken}: forget it, if it is still the current one, so the next {@link #token()} logs in again. */
    public void refused(String staleToken) {
        Identity current = identity.get();
        if (current != null && current.token().equals(staleToken)) {
            forget(current);
        }
    }

    /** A Vault request failed without an answer (or with 5xx): say so in the health status. */
    public void unreachable(String detail) {
        if (!VaultHealth.UNREACHABLE.equals(health.status())) {
            health = new VaultHealth(VaultHealth.UNREACHABLE, Instant.now(), detail, health.tokenExpiresAt());
            scheduleRelogin();
        }
    }

    /**
     * A Vault request sent at {@code sentAt} was answered normally. An answer to a request sent before
     * the last outage was reported says nothing about Vault now (requests complete out of order), so it
     * leaves the status alone.
     */
    public void reachable(Instant sentAt) {
        if (!health.ok() && identity.get() != null && sentAt.isAfter(health.since())) {
            health = new VaultHealth(VaultHealth.OK, Instant.now(), "logged in", health.tokenExpiresAt());
        }
    }

    /** The logged-in identity, logging in first if there is none. Blocking: call it on a worker. */
    private Identity identity() throws VaultException {
        Identity current = identity.get();
        if (current != null) {
            return current;
        }
        synchronized (loginLock) {
            current = identity.get();
            return current != null ? current : login();
        }
    }

    private void forget(Identity stale) {
        if (identity.compareAndSet(stale, null)) {
            LOG.info("Vault refused the gateway's token; it will log in again");
        }
    }

    private Identity login() throws VaultException {
        try {
            String secretId = secretIds.read();
            AuthResponse login = Vault.create(baseConfig().build(), 1).auth()
                    .loginByAppRole(settings.appRolePath(), settings.roleId(), secretId);
            int status = login.getRestResponse() == null ? 200 : login.getRestResponse().getStatus();
            String token = login.getAuthClientToken();
            if (status / 100 != 2 || token == null || token.isBlank()) {
                throw new VaultException("AppRole login at auth/" + settings.appRolePath() + " was refused (HTTP " + status + ")", status);
            }
            Identity fresh = new Identity(Vault.create(baseConfig().token(token).build(), 1), token);
            long lease = login.getAuthLeaseDuration();
            identity.set(fresh);
            health = new VaultHealth(VaultHealth.OK, Instant.now(), "logged in", lease > 0 ? Instant.now().plusSeconds(lease) : null);
            LOG.info("Logged in to Vault at {} with AppRole (token valid {} s, renewable {})", settings.address(), lease,
                    login.isAuthRenewable());
            scheduleRenewal(fresh, lease, login.isAuthRenewable());
            return fresh;
        } catch (VaultException e) {
            int status = e.getHttpStatusCode();
            boolean refused = status / 100 == 4;
            health = new VaultHealth(refused ? VaultHealth.LOGIN_FAILED : VaultHealth.UNREACHABLE, Instant.now(),
                    refused ? "AppRole login refused (HTTP " + status + ")" : "Vault at " + settings.address() + " cannot be reached",
                    null);
            scheduleRelogin();
            throw e;
        }
    }

    private synchronized void scheduleRenewal(Identity session, long leaseSeconds, boolean renewable) {
        cancelTimer();
        if (closed || leaseSeconds <= 0) {
            return;
        }
        long delayMs = Math.max(1_000, leaseSeconds * 1_000 * 2 / 3);
        timer = vertx.setTimer(delayMs, id -> workers.executeBlocking(() -> {
            renew(session, leaseSeconds, renewable);
            return null;
        }, false));
    }

    private void renew(Identity session, long previousLease, boolean renewable) {
        if (closed || session != identity.get()) {
            return;
        }
        try {
            if (renewable) {
                AuthResponse renewed = session.vault().auth().renewSelf();
                int status = renewed.getRestResponse() == null ? 200 : renewed.getRestResponse().getStatus();
                long lease = renewed.getAuthLeaseDuration();
                // Near the token's maximum lifetime Vault grants less than asked: log in afresh instead.
                if (status / 100 == 2 && lease * 3 >= previousLease) {
                    health = new VaultHealth(VaultHealth.OK, Instant.now(), "token renewed", Instant.now().plusSeconds(lease));
                    LOG.debug("renewed the gateway's Vault token ({} s)", lease);
                    scheduleRenewal(session, lease, true);
                    return;
                }
            }
            identity.compareAndSet(session, null);
            identity();
        } catch (VaultException e) {
            if (e.getHttpStatusCode() / 100 == 4) {
                forget(session);
                try {
                    identity();
                } catch (VaultException again) {
                    LOG.warn("Vault login after a refused renewal failed: {}", again.getMessage());
                }
            } else {
                unreachable("renewing the gateway's token failed: Vault at " + settings.address() + " cannot be reached");
            }
        }
    }

    /** While the session is lost, try to log in every {@link #RELOGIN_INTERVAL}, so health and calls recover. */
    private synchronized void scheduleRelogin() {
        cancelTimer();
        if (closed) {
            return;
        }
        timer = vertx.setTimer(RELOGIN_INTERVAL.toMillis(), id -> workers.executeBlocking(() -> {
            synchronized (this) {
                timer = -1;
            }
            Identity current = identity.get();
            try {
                if (current == null) {
                    identity();
                } else {
                    LookupResponse self = current.vault().auth().lookupSelf();
                    long ttl = self.getTTL();
                    health = new VaultHealth(VaultHealth.OK, Instant.now(), "logged in", ttl > 0 ? Instant.now().plusSeconds(ttl) : null);
                    LOG.info("Vault at {} answers again", settings.address());
                    // The outage cancelled the renewal timer: plan the next renewal from what is left.
                    scheduleRenewal(current, ttl, self.isRenewable());
                }
            } catch (VaultException e) {
                if (e.getHttpStatusCode() / 100 == 4 && current != null) {
                    forget(current);
                }
                scheduleRelogin();
            }
            return null;
        }, false));
    }

    private synchronized void cancelTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private VaultConfig baseConfig() {
        int seconds = (int) Math.max(1, settings.timeout().toSeconds());
        return new VaultConfig()
                .address(settings.address().toString())
                .engineVersion(1)
                .openTimeout(seconds)
                .readTimeout(seconds)
                .httpClient(blockingHttp);
    }

    @Override
    public synchronized void close() {
        closed = true;
        cancelTimer();
        http.close();
    }
}
