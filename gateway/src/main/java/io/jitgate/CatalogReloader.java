package io.jitgate;

import io.jitgate.mcp.SessionRegistry;
import io.jitgate.mcp.SessionState;
import io.jitgate.mcp.ToolLister;
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
 * both again and swaps them in only if both are valid (a bad file never replaces a good set: the
 * error is logged and the previous set stays in force). Sessions whose visible tool list changed
 * are sent {@code notifications/tools/list_changed} on their standalone stream.
 */
final class CatalogReloader {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogReloader.class);

    private final Vertx vertx;
    private final Path toolsDir;
    private final Path localToolsDir;
    private final Path policiesDir;
    private final ToolLoader loader;
    private final AtomicReference<ToolCatalog> catalog;
    private final AtomicReference<PolicyEngine> policy;
    private final SessionRegistry sessions;
    private String fingerprint;
    private long timer = -1;

    CatalogReloader(Vertx vertx, Path toolsDir, Path localToolsDir, Path policiesDir, ToolLoader loader,
            AtomicReference<ToolCatalog> catalog, AtomicReference<PolicyEngine> policy, SessionRegistry sessions) {
        this.vertx = vertx;
        this.toolsDir = toolsDir;
        this.localToolsDir = localToolsDir;
        this.policiesDir = policiesDir;
        this.loader = loader;
        this.catalog = catalog;
        this.policy = policy;
        this.sessions = sessions;
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
            PolicyEngine rules = CedarPolicyEngine.load(policiesDir);
            return new Object[] {tools, rules};
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.error("reload refused, the previous tools and policies stay in force: {}", ar.cause().getMessage());
            } else if (ar.result() != null) {
                Object[] loaded = (Object[]) ar.result();
                swap((ToolCatalog) loaded[0], (PolicyEngine) loaded[1]);
            }
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
        LOG.info("reloaded {} tools and the policies; {} sessions told their tool list changed", tools.size(), told);
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
