package io.jitgate.loadtest;

import io.jitgate.auth.AgentPrincipal;
import io.jitgate.aws.AwsOperations;
import io.jitgate.pipeline.Intent;
import io.jitgate.policy.CedarPolicyEngine;
import io.jitgate.policy.PolicyRequest;
import io.jitgate.tools.SchemaCompiler;
import io.jitgate.tools.ToolDefinition;
import io.jitgate.tools.ToolLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The cost of one policy decision with a realistic set: the example catalogue grown to
 * {@code --tools} tools and {@code --policies} Cedar policies (per-group, per-tool, argument and
 * intent conditions, forbids), decided in-process the way the gateway decides each call.
 */
@Command(name = "policy", description = "Decisions per second and latency per decision with many policies and tools (no stack needed).")
final class PolicyBench implements Callable<Integer> {
    @Option(names = "--catalogue", defaultValue = "tools", description = "the example tool catalogue to grow from")
    Path catalogue;

    @Option(names = "--schema", defaultValue = "policies/jitgate.cedarschema", description = "the Cedar schema to validate the set against")
    Path schema;

    @Option(names = "--lists", defaultValue = "200", description = "tools/list visibility computations to time (each for a new agent)")
    int lists;

    @Option(names = "--tools", defaultValue = "20")
    int tools;

    @Option(names = "--policies", defaultValue = "60")
    int policies;

    @Option(names = "--decisions", defaultValue = "20000")
    int decisions;

    @Option(names = "--warmup", defaultValue = "5000")
    int warmup;

    @Override
    public Integer call() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Path dir = Files.createTempDirectory("jitgate-policy-bench");
            Path toolsDir = Files.createDirectories(dir.resolve("tools"));
            Path policiesDir = Files.createDirectories(dir.resolve("policies"));
            List<String> names = growCatalogue(toolsDir);
            writePolicies(policiesDir, names);
            var catalog = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn()).load(toolsDir);
            Files.copy(schema, policiesDir.resolve("jitgate.cedarschema"));
            CedarPolicyEngine engine = CedarPolicyEngine.load(policiesDir, catalog);
            AgentPrincipal agent = new AgentPrincipal("bench-agent", "alice", List.of("team-3", "dev-agents"), "acme", List.of());
            List<PolicyRequest> requests = new ArrayList<>();
            for (String name : names) {
                ToolDefinition tool = catalog.find(name).orElseThrow();
                requests.add(new PolicyRequest(agent, PolicyRequest.PolicyAction.CALL, tool,
                        new JsonObject().put("bucket", "jitgate-demo").put("key", "reports/q3.txt").put("text", "x"),
                        new Intent("bench", "T-1", "decide")));
            }
            int allowed = 0;
            for (int i = 0; i < warmup; i++) {
                allowed += engine.decide(requests.get(i % requests.size())).allowed() ? 1 : 0;
            }
            Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
            long start = System.nanoTime();
            for (int i = 0; i < decisions; i++) {
                long t = System.nanoTime();
                allowed += engine.decide(requests.get(i % requests.size())).allowed() ? 1 : 0;
                latency.recordValue(System.nanoTime() - t);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "policy decisions: %d policies, %d tools, %d decisions (%d allowed incl. warm-up)%n",
                    engine.size(), catalog.size(), decisions, allowed);
            System.out.printf(Locale.ROOT, "%.0f decisions/s on one thread; latency median %.3f ms, p90 %.3f ms, p99 %.3f ms%n",
                    decisions / seconds, latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(90) / 1e6,
                    latency.getValueAtPercentile(99) / 1e6);
            listCost(engine, catalog);
            return 0;
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /**
     * What tools/list costs: deciding which of the catalogue's tools one agent sees ({@code list}
     * permitted and a partial evaluation of {@code call}), for a new agent each time (nothing cached),
     * and again for an agent seen before (the engine's per-principal cache).
     */
    private void listCost(CedarPolicyEngine engine, io.jitgate.tools.ToolCatalog catalog) {
        int visible = 0;
        for (int i = 0; i < Math.max(10, lists / 10); i++) {
            visible += visibleCount(engine, catalog, new AgentPrincipal("warm-" + i, "alice", List.of("team-" + (i % 10), "dev-agents"), "acme", List.of()));
        }
        Histogram cold = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        Histogram warm = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        AgentPrincipal repeat = new AgentPrincipal("repeat", "alice", List.of("team-3", "dev-agents"), "acme", List.of());
        for (int i = 0; i < lists; i++) {
            long t = System.nanoTime();
            visible += visibleCount(engine, catalog, new AgentPrincipal("list-" + i, "alice", List.of("team-" + (i % 10), "dev-agents"), "acme", List.of()));
            cold.recordValue(System.nanoTime() - t);
            t = System.nanoTime();
            visible += visibleCount(engine, catalog, repeat);
            warm.recordValue(System.nanoTime() - t);
        }
        System.out.printf(Locale.ROOT, "tools/list visibility over %d tools (%d visible in all): new agent median %.3f ms, p99 %.3f ms;"
                + " agent seen before median %.3f ms, p99 %.3f ms%n", catalog.size(), visible, cold.getValueAtPercentile(50) / 1e6,
                cold.getValueAtPercentile(99) / 1e6, warm.getValueAtPercentile(50) / 1e6, warm.getValueAtPercentile(99) / 1e6);
    }

    private static int visibleCount(CedarPolicyEngine engine, io.jitgate.tools.ToolCatalog catalog, AgentPrincipal agent) {
        int n = 0;
        for (ToolDefinition tool : catalog.all()) {
            n += engine.mayList(agent, tool) ? 1 : 0;
        }
        return n;
    }

    /** Copies the example tools under new names (and roles) until there are {@code tools} of them. */
    private List<String> growCatalogue(Path toolsDir) throws Exception {
        List<Path> examples;
        try (var files = Files.list(catalogue)) {
            examples = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < tools; i++) {
            JsonObject tool = new JsonObject(Files.readString(examples.get(i % examples.size())));
            String name = tool.getString("name") + "_" + i;
            tool.put("name", name).put("vaultRole", tool.getString("vaultRole") + "-" + i);
            Files.writeString(toolsDir.resolve(name + ".json"), tool.encode());
            names.add(name);
        }
        return names;
    }

    /** A mix of the shapes real policy sets have: group grants, per-tool grants with conditions, forbids. */
    private void writePolicies(Path dir, List<String> names) throws Exception {
        StringBuilder cedar = new StringBuilder();
        for (int i = 0; i < policies; i++) {
            String tool = names.get(i % names.size());
            switch (i % 4) {
                case 0 -> cedar.append("@id(\"grant-").append(i).append("\")\npermit (principal in Group::\"team-").append(i % 10)
                        .append("\", action == Action::\"call\", resource == Tool::\"").append(tool).append("\");\n");
                case 1 -> cedar.append("@id(\"args-").append(i).append("\")\npermit (principal in Group::\"dev-agents\", action == Action::\"call\", ")
                        .append("resource == Tool::\"").append(tool).append("\") when { context.arguments has key && ")
                        .append("context.arguments.key like \"reports/*\" && context.intent has taskId };\n");
                case 2 -> cedar.append("@id(\"read-").append(i).append("\")\npermit (principal in Group::\"team-").append(i % 10)
                        .append("\", action == Action::\"call\", resource) when { resource.readOnly && principal.tenant == \"acme\" };\n");
                default -> cedar.append("@id(\"forbid-").append(i).append("\")\nforbid (principal, action == Action::\"call\", resource == Tool::\"")
                        .append(tool).append("\") when { context.arguments has bucket && context.arguments.bucket == \"secrets-")
                        .append(i).append("\" };\n");
            }
        }
        // and one that lets the agents see the catalogue (tools/list then depends on what they could call)
        cedar.append("@id(\"see-catalogue\")\npermit (principal in Group::\"dev-agents\", action == Action::\"list\", resource);\n");
        Files.writeString(dir.resolve("bench.cedar"), cedar.toString());
    }
}
