package io.jitgate;

import io.jitgate.audit.AuditSink;
import io.jitgate.audit.HashChain;
import io.jitgate.audit.OperatorAction;
import io.jitgate.audit.OperatorAudit;
import io.jitgate.audit.SystemRecords;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolDefinition;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The gateway's own records: what it loaded at start (as operator actions by {@code system:startup},
 * with digests of the files so an auditor can tell which catalogue and policies were in force),
 * that it started, and that it stopped. One instance id ties them together.
 */
final class LifecycleAudit {
    static final String STARTUP = "system:startup";
    private final AuditSink sink;
    private final String instance = UUID.randomUUID().toString();
    private final OperatorAudit operators;
    private final Instant started = Instant.now();

    LifecycleAudit(AuditSink sink) {
        this.sink = sink;
        this.operators = OperatorAudit.to(sink, instance);
    }

    String instance() {
        return instance;
    }

    OperatorAudit operators() {
        return operators;
    }

    /** Records the catalogue and the policy set in force, then the start itself. */
    Future<Void> started(ToolCatalog catalog, Path toolsDir, Path policiesDir, int policyCount, String host, int port) {
        JsonArray tools = new JsonArray();
        for (ToolDefinition tool : catalog.all()) {
            tools.add(new JsonObject().put("name", tool.name()).put("tier", tool.tier().word()).put("vaultRole", tool.vaultRole())
                    .put("sha256", digest(List.of(tool.source()))));
        }
        Future<Void> catalogLoaded = operators.record(new OperatorAction(OperatorAction.Type.CATALOG_LOADED, STARTUP,
                toolsDir.toString(), new JsonObject().put("tools", tools)));
        Future<Void> policiesLoaded = operators.record(new OperatorAction(OperatorAction.Type.POLICIES_LOADED, STARTUP,
                policiesDir.toString(), new JsonObject().put("policies", policyCount)
                        .put("sha256", digest(files(policiesDir, ".cedar")))));
        return Future.all(catalogLoaded, policiesLoaded)
                .compose(v -> sink.append(SystemRecords.gatewayStarted(instance, Gateway.VERSION, ProcessHandle.current().pid(), host, port)));
    }

    Future<Void> stopped(String why) {
        return sink.append(SystemRecords.gatewayStopped(instance, why, Duration.between(started, Instant.now()).toSeconds()));
    }

    private static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 over each file's name and bytes, in order. */
    private static String digest(List<Path> files) {
        StringBuilder all = new StringBuilder();
        for (Path file : files) {
            try {
                all.append(file.getFileName()).append('\0').append(Files.readString(file)).append('\0');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return HashChain.sha256(all.toString());
    }
}
