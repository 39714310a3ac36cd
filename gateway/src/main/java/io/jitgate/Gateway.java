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
import io.jitgate.credentials.VaultStsIssuer;
import io.jitgate.mcp.McpHttpEndpoint;
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
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
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

    private final Vertx vertx;
    private final GatewayConfig config;
    private final AtomicReference<ToolCatalog> catalog;
    private final AtomicReference<PolicyEngine> policy;
    private final AuditSink audit;
    private final AwsClients aws;
    private final WorkerExecutor vaultWorkers;
    private final SessionRegistry sessions = new SessionRegistry();
    private final LifecycleAudit lifecycle;
    private final Telemetry telemetry;
    private HttpServer server;

    private Gateway(Vertx vertx, GatewayConfig config, ToolCatalog catalog, PolicyEngine policy, AuditSink audit,
            AwsClients aws, WorkerExecutor vaultWorkers) {
        this.vertx = vertx;
        this.config = config;
        this.catalog = new AtomicReference<>(catalog);
        this.policy = new AtomicReference<>(policy);
        this.audit = audit;
        this.aws = aws;
        this.vaultWorkers = vaultWorkers;
        this.lifecycle = new LifecycleAudit(audit);
        this.telemetry = Telemetry.start(config.telemetry());
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
        AwsOperations operations = AwsOperations.builtIn();
        Gateway gateway;
        try {
            ToolCatalog catalog = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), operations).load(config.toolsDir());
            PolicyEngine policy = CedarPolicyEngine.load(config.policiesDir());
            AuditSink audit = hooks.discardAudit() ? new DiscardingAuditSink()
                    : config.audit().postgres() != null ? new PostgresAuditSink(vertx, config.audit().postgres())
                    : new FileAuditLog(vertx, config.auditFile(), config.audit().rotation());
            gateway = new Gateway(vertx, config, catalog, policy, audit, new AwsClients(config.aws()),
                    vertx.createSharedWorkerExecutor("jitgate-vault", 16));
        } catch (IOException e) {
            return Future.failedFuture(new IllegalStateException("cannot open the attribution log " + config.auditFile() + ": " + e.getMessage()));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return gateway.listen(operations, hooks)
                .compose(g -> g.lifecycle.started(g.catalog(), config.toolsDir(), config.policiesDir(), g.policy.get() instanceof CedarPolicyEngine c ? c.size() : -1,
                        config.http().host(), g.port()).map(g).recover(cause -> Future.failedFuture(new IllegalStateException(
                                "the attribution log cannot be written, so the gateway does not start: " + cause.getMessage(), cause))))
                .recover(cause -> gateway.close().transform(ignored -> Future.failedFuture(cause)));
    }

    private Future<Gateway> listen(AwsOperations operations, Hooks hooks) {
        CredentialIssuer issuer = new VaultStsIssuer(config.vault(), vaultWorkers);
        Pipeline pipeline = new Pipeline(List.of(
                new ResolveStage(catalog::get),
                new ValidateStage(),
                new AuthorizeStage(policy::get),
                new ApproveStage(),
                new CredentialsStage(issuer, hooks.credentialObserver()),
                new ExecuteStage(vertx, aws, operations, config.awsCallTimeout())), audit, new RecordRedaction(config.audit()), telemetry.tracer());
        Router router = Router.router(vertx);
        router.get("/healthz").handler(ctx -> {
            AuditSink.Status status = audit.status();
            boolean ok = status.healthy();
            ctx.response().setStatusCode(ok ? 200 : 503).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("status", ok ? "ok" : "degraded").put("audit", ok ? "ok" : "failed")
                            .put("auditLog", status.toJson()).put("instance", lifecycle.instance()).encode());
        });
        if (config.admin().enabled()) {
            new AdminAuditEndpoint(vertx, config.admin(), config.auditFile()).mount(router);
        }
        String resourceUrl = "http://" + config.http().host() + ":" + config.http().port() + "/.well-known/oauth-protected-resource";
        new McpHttpEndpoint(MCP_PATH, config.http().maxBodyBytes(), config.http().allowedOrigins(),
                new JwtAgentAuthenticator(vertx, config.auth()), sessions,
                new ToolLister(catalog::get, policy::get), pipeline, audit, resourceUrl).mount(router);
        return vertx.createHttpServer(new HttpServerOptions().setHost(config.http().host()).setPort(config.http().port()))
                .requestHandler(router)
                .listen()
                .map(s -> {
                    this.server = s;
                    LOG.info("jitgate serving MCP at http://{}:{}{} with {} tools", config.http().host(), s.actualPort(),
                            MCP_PATH, catalog.get().size());
                    return this;
                });
    }

    /** The port actually listened on (useful when the configured port is 0). */
    public int port() {
        return server.actualPort();
    }

    public ToolCatalog catalog() {
        return catalog.get();
    }

    /** The gateway's instance id, as its start, stop and operator-action records carry it. */
    public String instance() {
        return lifecycle.instance();
    }

    /** Stops listening, records the stop (after in-flight calls' records), and closes everything. */
    public Future<Void> stop() {
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.transform(ignored -> audit.healthy() ? lifecycle.stopped("shutdown") : Future.<Void>succeededFuture())
                .transform(ignored -> close());
    }

    /** Closes what the gateway holds; waiting for the log's writer and the span exporter happens off the event loop. */
    private Future<Void> close() {
        vaultWorkers.close();
        aws.close();
        return vertx.<Void>executeBlocking(() -> {
            audit.close();
            telemetry.close();
            return null;
        }, false);
    }
}
