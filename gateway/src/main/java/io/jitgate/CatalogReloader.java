package io.jitgate;

import io.jitgate.audit.OperatorAction;
import io.jitgate.audit.OperatorAudit;
import io.jitgate.mcp.SessionRegistry;
import io.jitgate.mcp.SessionState;
import io.jitgate.mcp.ToolLister;
import io.jitgate.metrics.GatewayMetrics;
import io.jitgate.policy.CedarPolicyEngine;
import io.jitgate.policy.PolicyEngine;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up changes to the tool and policy folders while the gateway runs. Every interval it compares
 * the folders' file names, sizes and modification times with the last load; on a change it loads
 * both again (the policies validated against the schema completed for the new catalogue) and swaps
 * them in only if both are valid. A bad file never replaces a good set: the error (file:line and
 * reason) is logged, {@code jitgate_policy_reloads_total{result="refused"}} counts it, and the
 * previous set stays in force. Every reload, accepted or refused, is an {@code operator_action}
 * record ({@code policies_reloaded}, actor {@code system:reload}, {@code detail.result}); an accepted
 * set takes effect only once that record is written. Sessions whose visible tool list changed are
 * sent {@code notifications/tools/list_changed} on their standalone stream.
 */
final class CatalogReloader {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogReloader.class);
    static final String ACTOR = "system:reload";

    private final Vertx vertx;
    private final Path toolsDir;
    private final Path localToolsDir;
    private final Path policiesDir;
    private final ToolLoader loader;
    private final AtomicReference<ToolCatalog> catalog;
    private final AtomicReference<PolicyEngine> policy;
    private final SessionRegistry sessions;
    private final OperatorAudit audit;
    private final GatewayMetrics metrics;
    private String fingerprint;
    private long timer = -1;

    CatalogReloader(Vertx vertx, Path toolsDir, Path localToolsDir, Path policiesDir, ToolLoader loader,
            AtomicReference<ToolCatalog> catalog, AtomicReference<PolicyEngine> policy, SessionRegistry sessions,
            OperatorAudit audit, GatewayMetrics metrics) {
        this.vertx = vertx;
        this.toolsDir = toolsDir;
        this.localToolsDir = localToolsDir;
        this.policiesDir = policiesDir;
        this.loader = loader;
        this.catalog = catalog;
        this.policy = policy;
        this.sessions = sessions;
        this.audit = audit;
        this.metrics = metrics;
        this.fingerprint = fingerprint();
    }

    void start(long intervalMillis) {
        timer = vertx.setPeriodic(intervalMillis, id -> check());
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void check() {
        vertx.executeBlocking(() -> {
            String now = fingerprint();
            if (now.equals(fingerprint)) {
                return null;
            }
            fingerprint = now;
            ToolCatalog tools = loader.load(toolsDir, localToolsDir);
            CedarPolicyEngine rules = CedarPolicyEngine.load(policiesDir, tools);
            return new Object[] {tools, rules};
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                refused(ar.cause().getMessage());
            } else if (ar.result() != null) {
                Object[] loaded = (Object[]) ar.result();
                accepted((ToolCatalog) loaded[0], (CedarPolicyEngine) loaded[1]);
            }
        });
    }

    private void refused(String reason) {
        LOG.error("reload refused, the previous tools and policies stay in force:\n{}", reason);
        metrics.policyReload("refused");
        audit.record(new OperatorAction(OperatorAction.Type.POLICIES_RELOADED, ACTOR, policiesDir.toString(),
                new JsonObject().put("result", "refused").put("reason", reason)))
                .onFailure(e -> LOG.error("the refused reload could not be recorded: {}", e.getMessage()));
    }

    private void accepted(ToolCatalog tools, CedarPolicyEngine rules) {
        audit.record(new OperatorAction(OperatorAction.Type.POLICIES_RELOADED, ACTOR, policiesDir.toString(),
                new JsonObject().put("result", "accepted").put("policies", rules.size()).put("tools", tools.size())))
                .onSuccess(v -> {
                    metrics.policyReload("accepted");
                    swap(tools, rules);
                })
                .onFailure(e -> {
                    metrics.policyReload("refused");
                    LOG.error("reload not applied, it could not be recorded; the previous tools and policies stay in force: {}",
                            e.getMessage());
                });
    }

    private void swap(ToolCatalog tools, PolicyEngine rules) {
        ToolCatalog oldTools = catalog.get();
        PolicyEngine oldRules = policy.get();
        catalog.set(tools);
        policy.set(rules);
        int told = 0;
        for (SessionState session : sessions.known()) {
            if (session.principal() == null || session.openStandaloneStream().isEmpty()) {
                continue;
            }
            Set<String> before = ToolLister.visibleNames(oldTools, oldRules, session.principal());
            Set<String> after = ToolLister.visibleNames(tools, rules, session.principal());
            if (!before.equals(after)) {
                session.openStandaloneStream().get().notify(new JsonObject().put("jsonrpc", "2.0")
                        .put("method", "notifications/tools/list_changed"));
                told++;
            }
        }
        LOG.info("reloaded {} tools and {} policies; {} sessions told their tool list changed", tools.size(),
                rules instanceof CedarPolicyEngine c ? c.size() : -1, told);
    }

    private String fingerprint() {
        StringBuilder sb = new StringBuilder();
        for (Path dir : localToolsDir == null ? new Path[] {toolsDir, policiesDir} : new Path[] {toolsDir, localToolsDir, policiesDir}) {
            try (Stream<Path> files = Files.list(dir)) {
                files.sorted().forEach(f -> {
                    try {
                        sb.append(f.getFileName()).append(':').append(Files.size(f)).append(':')
                                .append(Files.getLastModifiedTime(f).toMillis()).append(';');
                    } catch (IOException gone) {
                        sb.append(f.getFileName()).append(":gone;");
                    }
                });
            } catch (IOException e) {
                sb.append(dir).append(":unreadable;");
            }
        }
        return sb.toString();
    }
}
