package io.jitgate;

import io.jitgate.audit.AuditSink;
import io.jitgate.audit.FileAuditLog;
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
import io.jitgate.mcp.SessionRegistry;
import io.jitgate.mcp.ToolLister;
import io.jitgate.pipeline.Pipeline;
import io.jitgate.policy.CedarPolicyEngine;
import io.jitgate.policy.PolicyEngine;
import io.jitgate.stages.ApproveStage;
import io.jitgate.stages.AuthorizeStage;
import io.jitgate.stages.CredentialObserver;
import io.jitgate.stages.CredentialsStage;
import io.jitgate.stages.ExecuteStage;
import io.jitgate.stages.ResolveStage;
import io.jitgate.stages.ValidateStage;
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

    private final Vertx vertx;
    private final GatewayConfig config;
    private final AtomicReference<ToolCatalog> catalog;
    private final AtomicReference<PolicyEngine> policy;
    private final AuditSink audit;
    private final AwsClients aws;
    private final WorkerExecutor vaultWorkers;
    private final VaultSession vaultSession;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final Guards guards;
    private final SessionRegistry sessions = new SessionRegistry();
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
        this.vaultSession = new VaultSession(vertx, config.vault(), vaultWorkers);
        this.guards = new Guards(config.resilience(), VaultStsIssuer::isOutage, AwsFailures::isOutage);
        guards.bindTo(metrics.registry());
    }

    /** Optional seams for tests; production passes {@link Hooks#NONE}. */
    public record Hooks(CredentialObserver credentialObserver) {
        public static final Hooks NONE = new Hooks(CredentialObserver.NONE);
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
            AuditSink audit = new FileAuditLog(vertx, config.auditFile());
            gateway = new Gateway(vertx, config, catalog, policy, audit, new AwsClients(config.aws()),
                    vertx.createSharedWorkerExecutor("jitgate-vault", 16));
        } catch (IOException e) {
            return Future.failedFuture(new IllegalStateException("cannot open the attribution log " + config.auditFile() + ": " + e.getMessage()));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return gateway.vaultSession.start().compose(v -> gateway.listen(operations, hooks)).recover(cause -> gateway.stop().transform(ignored -> Future.failedFuture(cause)));
    }

    private Future<Gateway> listen(AwsOperations operations, Hooks hooks) {
        CredentialIssuer issuer = new VaultStsIssuer(vaultSession, vaultWorkers);
        Pipeline pipeline = new Pipeline(List.of(
                new ResolveStage(catalog::get),
                new ValidateStage(),
                new AuthorizeStage(policy::get),
                new ApproveStage(),
                new AdmitStage(guards),
                new CredentialsStage(issuer, hooks.credentialObserver(), guards.vault(), metrics),
                new ExecuteStage(vertx, aws, operations, guards, config.awsCallTimeout(), metrics)), audit, metrics::callFinished);
        Router router = Router.router(vertx);
        router.get("/healthz").handler(ctx -> {
            boolean auditOk = audit.healthy();
            VaultHealth vault = vaultSession.health();
            boolean ok = auditOk && vault.ok();
            ctx.response().setStatusCode(ok ? 200 : 503).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("status", ok ? "ok" : "degraded").put("audit", auditOk ? "ok" : "failed")
                            .put("vault", vault.toJson()).put("circuits", guards.circuitStates()).encode());
        });
        router.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(metrics.scrape()));
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

    /** The gateway's own Vault identity, as {@code /healthz} reports it. */
    public VaultHealth vaultHealth() {
        return vaultSession.health();
    }

    public ToolCatalog catalog() {
        return catalog.get();
    }

    public Future<Void> stop() {
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        // Closing the AWS clients waits for Netty's quiet period: not on an event loop.
        return closed.transform(ignored -> vertx.executeBlocking(() -> {
            vaultSession.close();
            vaultWorkers.close();
            aws.close();
            audit.close();
            return null;
        }, false)).mapEmpty();
    }
}
