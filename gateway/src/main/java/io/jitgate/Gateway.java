package io.jitgate;

import io.jitgate.admin.AdminAuditEndpoint;
import io.jitgate.audit.AuditSink;
import io.jitgate.audit.DiscardingAuditSink;
import io.jitgate.audit.FileAuditLog;
import io.jitgate.audit.PostgresAuditSink;
import io.jitgate.auth.JwtAgentAuthenticator;
import io.jitgate.aws.AwsClients;
import io.jitgate.aws.AwsOperations;
import io.jitgate.config.GatewayConfig;
import io.jitgate.credentials.CredentialIssuer;
import io.jitgate.credentials.VaultHealth;
import io.jitgate.credentials.VaultSession;
import io.jitgate.credentials.VaultStsIssuer;
import io.jitgate.aws.AwsFailures;
import io.jitgate.metrics.GatewayMetrics;
import io.jitgate.resilience.Guards;
import io.jitgate.stages.AdmitStage;
import io.jitgate.mcp.McpHttpEndpoint;
import io.jitgate.mcp.McpMethods;
import io.jitgate.mcp.ServerFeatures;
import io.jitgate.prompts.PromptLoader;
import io.jitgate.prompts.PromptProvider;
import io.jitgate.resources.ResourceLoader;
import io.jitgate.resources.ResourceProvider;
import io.jitgate.mcp.SessionIds;
import io.jitgate.mcp.SessionRegistry;
import io.jitgate.mcp.ToolLister;
import io.jitgate.pipeline.Pipeline;
import io.jitgate.pipeline.RecordRedaction;
import io.jitgate.policy.CedarPolicyEngine;
import io.jitgate.policy.PolicyEngine;
import io.jitgate.stages.ApproveStage;
import io.jitgate.stages.AuthorizeStage;
import io.jitgate.stages.CredentialObserver;
import io.jitgate.stages.CredentialsStage;
import io.jitgate.stages.ExecuteStage;
import io.jitgate.stages.ResolveStage;
import io.jitgate.stages.ValidateStage;
import io.jitgate.telemetry.Telemetry;
import io.jitgate.tools.SchemaCompiler;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway: loads tools and policies (refusing to start if either is invalid), wires the
 * stage chain and serves MCP at {@code /mcp}. Start with {@link #start}; stop with {@link #stop}.
 */
public final class Gateway {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    public static final String MCP_PATH = "/mcp";
    public static final String VERSION = "0.1.0";
    /** How often the tool and policy folders are checked for changes. */
    static final long RELOAD_CHECK_MILLIS = 1_000;

    private final Vertx vertx;
    private final GatewayConfig config;
    private final AtomicReference<ToolCatalog> catalog;
    private final AtomicReference<PolicyEngine> policy;
    private final AuditSink audit;
    private io.jitgate.audit.AuditRecordSource auditRecords;
    private final AwsClients aws;
    private final WorkerExecutor vaultWorkers;
    private final SessionRegistry sessions;
    private final LifecycleAudit lifecycle;
    private final Telemetry telemetry;
    private final VaultSession vaultSession;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final Guards guards;
    private final io.jitgate.tiers.TierStore tiers;
    private final io.jitgate.approvals.ApprovalDesk approvals;
    /** Each agent's calls per task, the history policies see as {@code context.taskCalls}. */
    private final io.jitgate.policy.TaskCallCounter taskCalls = new io.jitgate.policy.TaskCallCounter(
            io.jitgate.policy.TaskCallCounter.DEFAULT_IDLE, io.jitgate.policy.TaskCallCounter.DEFAULT_MAX_TASKS);
    private HttpServers servers;
    private McpMethods methods;
    private CatalogReloader reloader;
    private long jwksTimer = -1;
    /** How often the identity provider's keys are fetched again. */
    static final long JWKS_REFRESH_MILLIS = 10 * 60_000;

    private Gateway(Vertx vertx, GatewayConfig config, ToolCatalog catalog, PolicyEngine policy, AuditSink audit,
            AwsClients aws, WorkerExecutor vaultWorkers) {
        this.vertx = vertx;
        this.config = config;
        this.catalog = new AtomicReference<>(catalog);
        this.policy = new AtomicReference<>(policy);
        this.audit = audit;
        this.aws = aws;
        this.vaultWorkers = vaultWorkers;
        this.sessions = new SessionRegistry(new SessionIds(sessionKey(config)), config.http().sessionMaxAge(), java.time.Clock.systemUTC());
        this.lifecycle = new LifecycleAudit(audit);
        this.tiers = io.jitgate.tiers.TierStore.open(config.auditFile().resolveSibling("tiers.json"));
        this.approvals = io.jitgate.approvals.ApprovalDesk.open(vertx,
                new io.jitgate.approvals.ApprovalStore(config.auditFile().resolveSibling("approvals.json")),
                io.jitgate.audit.OperatorAudit.to(audit, lifecycle.instance()), config.approvals(), java.time.Clock.systemUTC());
        this.telemetry = Telemetry.start(config.telemetry());
        this.vaultSession = new VaultSession(vertx, config.vault(), vaultWorkers);
        this.guards = new Guards(config.resilience(), VaultStsIssuer::isOutage, AwsFailures::isOutage);
        guards.bindTo(metrics.registry());
    }

    private static byte[] sessionKey(GatewayConfig config) {
        java.nio.file.Path file = config.http().sessionKeyFile();
        if (file == null) {
            return SessionIds.randomKey();
        }
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("http.sessionKeyFile " + file + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * Optional seams for tests and benchmarks; production passes {@link Hooks#NONE}.
     *
     * @param discardAudit replace the attribution log by {@link DiscardingAuditSink} (only to measure what the log costs)
     */
    public record Hooks(CredentialObserver credentialObserver, boolean discardAudit) {
        public static final Hooks NONE = new Hooks(CredentialObserver.NONE, false);

        public Hooks(CredentialObserver credentialObserver) {
            this(credentialObserver, false);
        }
    }

    /**
     * Loads everything and starts listening. Fails (and leaves nothing running) if the tools, the
     * policies or the audit log cannot be loaded or opened, or the port is taken.
     */
    public static Future<Gateway> start(Vertx vertx, GatewayConfig config, Hooks hooks) {
        return start(vertx, config, hooks, true);
    }

    /**
     * Loads everything without opening the HTTP port, for a transport of its own (stdio): the MCP
     * methods are then reached through {@link #methods()} and {@link #sessions()}.
     */
    public static Future<Gateway> startWithoutHttp(Vertx vertx, GatewayConfig config, Hooks hooks) {
        return start(vertx, config, hooks, false);
    }

    private static Future<Gateway> start(Vertx vertx, GatewayConfig config, Hooks hooks, boolean serveHttp) {
        AwsOperations operations = AwsOperations.builtIn();
        Gateway gateway;
        try {
            ToolCatalog catalog = toolLoader(vertx, config, operations).load(config.toolsDir(), config.content().localToolsDir());
            PolicyEngine policy = CedarPolicyEngine.load(config.policiesDir(), catalog);
            if (config.aws().accountId().isEmpty()) {
                catalog.all().stream().filter(t -> t.aws().credentials().narrows()).findFirst().ifPresent(t -> {
                    throw new IllegalArgumentException("tool " + t.name() + " narrows its credentials per call "
                            + "(aws.credentials.narrowTo), so aws.accountId must be set (the account of the tool roles)");
                });
            }
            AuditSink audit = hooks.discardAudit() ? new DiscardingAuditSink()
                    : config.audit().postgres() != null ? new PostgresAuditSink(vertx, config.audit().postgres())
                    : new FileAuditLog(vertx, config.auditFile(), config.audit().rotation(), config.audit().preallocateBytes());
            gateway = new Gateway(vertx, config, catalog, policy, audit, new AwsClients(config.aws()),
                    vertx.createSharedWorkerExecutor("jitgate-vault", 4));
        } catch (IOException e) {
            return Future.failedFuture(new IllegalStateException("cannot open the attribution log " + config.auditFile() + ": " + e.getMessage()));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return gateway.vaultSession.start()
                .compose(v -> gateway.listen(operations, hooks, serveHttp))
                .compose(g -> g.lifecycle.started(g.catalog(), config.toolsDir(), config.policiesDir(),
                        g.policy.get() instanceof CedarPolicyEngine c ? c.size() : -1, config.http().host(), g.port())
                        .map(g).recover(cause -> Future.failedFuture(new IllegalStateException(
                                "the attribution log cannot be written, so the gateway does not start: " + cause.getMessage(), cause))))
                .recover(cause -> gateway.close().transform(ignored -> Future.failedFuture(cause)));
    }

    /** The tool loader: AWS tools, plus the built-in local tools (echo, the conformance fixtures) when a local tools folder is configured. */
    private static ToolLoader toolLoader(Vertx vertx, GatewayConfig config, AwsOperations operations) {
        return new ToolLoader(new SchemaCompiler(vertx.fileSystem()), operations, config.content().localToolsDir() == null
                ? io.jitgate.tools.local.LocalTools.NONE : io.jitgate.tools.local.LocalTools.builtIn());
    }

    /** Resources and prompts from their configured folders; a folder not configured offers nothing. */
    private static ServerFeatures features(GatewayConfig config) {
        GatewayConfig.ContentDirs dirs = config.content();
        return new ServerFeatures(
                dirs.resourcesDir() == null ? ResourceProvider.NONE : ResourceLoader.load(dirs.resourcesDir()),
                dirs.promptsDir() == null ? PromptProvider.NONE : PromptLoader.load(dirs.promptsDir()));
    }

    /** When a call ends, its leased credentials are revoked and the record says what became of them. */
    private static io.jitgate.pipeline.CredentialRelease revocations(io.jitgate.credentials.VaultLeaseRevoker revoker) {
        return call -> revoker.end(call.credentials()).map(r -> call.withCredentials(call.credentials().withRevocation(r)));
    }

    private Future<Gateway> listen(AwsOperations operations, Hooks hooks, boolean serveHttp) {
        ServerFeatures features;
        try {
            features = features(config);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        reloader = new CatalogReloader(vertx, config.toolsDir(), config.content().localToolsDir(), config.policiesDir(),
                toolLoader(vertx, config, operations), catalog, policy, sessions,
                lifecycle.operators(), metrics);
        reloader.start(RELOAD_CHECK_MILLIS);
        CredentialIssuer issuer = new VaultStsIssuer(vaultSession);
        Pipeline pipeline = new Pipeline(List.of(
                new ResolveStage(catalog::get),
                new ValidateStage(),
                new AuthorizeStage(policy::get, taskCalls),
                new ApproveStage(tiers::get, approvals, new RecordRedaction(config.audit())),
                new AdmitStage(guards),
                new CredentialsStage(issuer, hooks.credentialObserver(), guards.vault(), metrics,
                        new io.jitgate.credentials.StsNarrower(aws.sts(), config.aws().accountId()), guards.aws("sts")),
                new ExecuteStage(vertx, aws, operations, guards, config.awsCallTimeout(), metrics)), audit,
                new RecordRedaction(config.audit()), telemetry.tracer(), metrics::callFinished,
                revocations(new io.jitgate.credentials.VaultLeaseRevoker(vaultSession)));
        this.methods = new McpMethods(new ToolLister(catalog::get, policy::get, config.http().toolsPageSize()), pipeline,
                config.http().maxResultBytes(), features, audit);
        JwtAgentAuthenticator authenticator = new JwtAgentAuthenticator(vertx, config.auth());
        if (config.auth().jwksUrl() != null) {
            try {
                authenticator.useKeys(io.jitgate.auth.JwksKeys.fetch(config.auth().jwksUrl()));
            } catch (IOException e) {
                return Future.failedFuture(new IllegalStateException("auth.jwksUrl: " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Future.failedFuture(e);
            }
            jwksTimer = vertx.setPeriodic(JWKS_REFRESH_MILLIS, id -> vertx.executeBlocking(
                    () -> io.jitgate.auth.JwksKeys.fetch(config.auth().jwksUrl()), false)
                    .onSuccess(authenticator::useKeys)
                    .onFailure(e -> LOG.warn("JWKS refresh from {} failed; the previous keys stay in use: {}",
                            config.auth().jwksUrl(), e.getMessage())));
        }
        McpHttpEndpoint endpoint = new McpHttpEndpoint(new McpHttpEndpoint.Settings(MCP_PATH, config.auth().audience(),
                config.auth().issuer(), config.http().maxBodyBytes(), config.http().allowedOrigins(), config.auth().enforceScopes()),
                authenticator, sessions, methods, audit);
        if (!serveHttp) {
            return Future.succeededFuture(this);
        }
        return HttpServers.start(vertx, config.http().host(), config.http().port(), config.http().eventLoops(), () -> router(endpoint))
                .recover(cause -> Future.failedFuture(new IllegalStateException("cannot listen on "
                        + config.http().host() + ":" + config.http().port() + " (http.port): " + cause.getMessage())))
                .map(s -> {
                    this.servers = s;
                    LOG.info("jitgate serving MCP at http://{}:{}{} with {} tools on {} event loops", config.http().host(), s.port(),
                            MCP_PATH, catalog.get().size(), config.http().eventLoops());
                    return this;
                });
    }

    /** The routes of one HTTP server: health, and MCP with its metadata. */
    private Router router(McpHttpEndpoint endpoint) {
        Router router = Router.router(vertx);
        router.get("/healthz").handler(ctx -> {
            AuditSink.Status status = audit.status();
            VaultHealth vault = vaultSession.health();
            boolean ok = status.healthy() && vault.ok();
            ctx.response().setStatusCode(ok ? 200 : 503).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("status", ok ? "ok" : "degraded").put("audit", status.healthy() ? "ok" : "failed")
                            .put("auditLog", auditLogJson(status)).put("vault", vault.toJson()).put("circuits", guards.circuitStates())
                            .put("instance", lifecycle.instance()).encode());
        });
        router.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(metrics.scrape()));
        if (config.admin().enabled()) {
            new AdminAuditEndpoint(config.admin(), auditRecords()).mount(router);
            new io.jitgate.admin.AdminTiersEndpoint(vertx, config.admin(), tiers, catalog::get,
                    io.jitgate.audit.OperatorAudit.to(audit, lifecycle.instance())).mount(router);
            new io.jitgate.admin.AdminApprovalsEndpoint(config.admin(), approvals).mount(router);
            new io.jitgate.admin.ApprovalPage().mount(router);
            new io.jitgate.admin.AdminPolicyEndpoint(config.admin(), catalog::get, policy::get, tiers::get).mount(router);
        }
        endpoint.mount(router);
        return router;
    }

    /** The held calls and their approvals. */
    public io.jitgate.approvals.ApprovalDesk approvals() {
        return approvals;
    }

    /** The log's status, and for the file log its head (record count, last hash: an anchor to copy elsewhere). */
    private JsonObject auditLogJson(AuditSink.Status status) {
        JsonObject json = status.toJson();
        if (audit instanceof FileAuditLog file) {
            io.jitgate.audit.ChainHead head = file.head();
            json.put("head", new JsonObject().put("records", head.records()).put("hash", head.hash()));
        }
        return json;
    }

    /** What the admin API's audit queries read: the PostgreSQL table when the gateway writes there, else the log files. */
    private io.jitgate.audit.AuditRecordSource auditRecords() {
        try {
            auditRecords = config.audit().postgres() != null
                    ? io.jitgate.audit.PostgresAuditQuery.open(vertx, config.audit().postgres())
                    : io.jitgate.audit.AuditRecordSource.files(vertx, config.auditFile());
            return auditRecords;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the PostgreSQL password file for audit queries", e);
        }
    }

    /** The MCP methods, for transports other than HTTP. */
    public McpMethods methods() {
        return methods;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    /** The port actually listened on (useful when the configured port is 0). */
    public int port() {
        return servers == null ? -1 : servers.port();
    }

    /** The gateway's instance id, as its start, stop and operator-action records carry it. */
    public String instance() {
        return lifecycle.instance();
    }

    /** The gateway's own Vault identity, as {@code /healthz} reports it. */
    public VaultHealth vaultHealth() {
        return vaultSession.health();
    }

    public ToolCatalog catalog() {
        return catalog.get();
    }

    /** Stops listening, records the stop (after in-flight calls' records), and closes everything. */
    public Future<Void> stop() {
        if (reloader != null) {
            reloader.stop();
        }
        if (jwksTimer >= 0) {
            vertx.cancelTimer(jwksTimer);
        }
        approvals.releaseWaiters("the gateway stopped");
        Future<Void> closed = drained(System.nanoTime() + 5_000_000_000L)
                .compose(v -> servers == null ? Future.succeededFuture() : servers.close());
        return closed.transform(ignored -> audit.healthy() ? lifecycle.stopped("shutdown") : Future.<Void>succeededFuture())
                .transform(ignored -> close());
    }

    /**
     * Completes once no session has a call in flight (held calls released at stop write their record
     * and answer first), or at {@code deadline} (System.nanoTime) at the latest.
     */
    private Future<Void> drained(long deadline) {
        boolean busy = sessions.known().stream().anyMatch(s -> s.inFlightCount() > 0);
        if (!busy || System.nanoTime() > deadline) {
            return Future.succeededFuture();
        }
        io.vertx.core.Promise<Void> later = io.vertx.core.Promise.promise();
        vertx.setTimer(20, t -> drained(deadline).onComplete(later));
        return later.future();
    }

    /**
     * Closes what the gateway holds. Waiting for the log's writer, the span exporter and the AWS
     * clients' quiet period happens off the event loop.
     */
    private Future<Void> close() {
        if (reloader != null) {
            reloader.stop();
        }
        return vertx.<Void>executeBlocking(() -> {
            vaultSession.close();
            vaultWorkers.close();
            approvals.close();
            aws.close();
            audit.close();
            if (auditRecords != null) {
                auditRecords.close();
            }
            telemetry.close();
            return null;
        }, false);
    }
}
