package io.jitgate.cli;

import io.jitgate.aws.AwsOperations;
import io.jitgate.policy.CedarPolicyEngine;
import io.jitgate.policy.PolicyCase;
import io.jitgate.tiers.TierStore;
import io.jitgate.tools.SchemaCompiler;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jitgate policy explain}: would this call be allowed, by which policies, at which tier? */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Ask the policies questions.",
        subcommands = {PolicyCommand.Explain.class, PolicyCommand.PrintSchema.class})
final class PolicyCommand {
    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = "Say whether a call would be allowed, by which policies and at which approval tier, without running it.")
    static final class Explain implements Callable<Integer> {
        @Option(names = "--tools", defaultValue = "tools", description = "the tool catalogue folder")
        Path tools;

        @Option(names = "--policies", defaultValue = "policies", description = "the policies folder")
        Path policies;

        @Option(names = "--tool", required = true)
        String tool;

        @Option(names = "--action", defaultValue = "call", description = "call or list")
        String action;

        @Option(names = "--agent", defaultValue = "dev-agent")
        String agent;

        @Option(names = "--user", defaultValue = "dev-user")
        String user;

        @Option(names = "--groups", split = ",", defaultValue = "dev-agents")
        List<String> groups;

        @Option(names = "--arguments", defaultValue = "{}", description = "the call's arguments, as JSON")
        String arguments;

        @Option(names = "--purpose")
        String purpose;

        @Option(names = "--task")
        String task;

        @Option(names = "--prompt")
        String prompt;

        @Option(names = "--time", description = "when the call would be made, ISO-8601 (default: now)")
        String time;

        @Option(names = "--source", description = "the caller's IP address")
        String source;

        @Option(names = "--task-calls", description = "how many calls the agent made before in this task")
        Long taskCalls;

        @Option(names = "--tiers-file", description = "operators' tier settings (tiers.json of a gateway; default: none)")
        Path tiersFile;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() {
            Vertx vertx = Vertx.vertx();
            try {
                ToolCatalog catalog = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn()).load(tools);
                CedarPolicyEngine engine = CedarPolicyEngine.load(policies, catalog);
                JsonObject intent = new JsonObject().put("purpose", purpose).put("taskId", task).put("prompt", prompt);
                PolicyCase question = PolicyCase.fromJson(new JsonObject().put("name", "explain").put("tool", tool).put("action", action)
                        .put("principal", new JsonObject().put("agent", agent).put("user", user).put("groups", groups))
                        .put("arguments", new JsonObject(arguments)).put("intent", intent)
                        .put("time", time).put("sourceAddress", source).put("taskCalls", taskCalls));
                TierStore operatorTiers = tiersFile == null ? null : TierStore.open(tiersFile);
                PolicyCase.Explanation answer = question.explain(catalog, engine,
                        name -> operatorTiers == null ? java.util.Optional.empty() : operatorTiers.get(name));
                boolean listed = engine.mayList(question.principal(), catalog.find(tool).orElseThrow());
                if (json) {
                    System.out.println(answer.toJson().put("action", action).put("tool", tool).put("listed", listed).encodePrettily());
                } else {
                    System.out.println((answer.allowed() ? "ALLOW" : "DENY") + " " + action + " " + tool + " for agent " + agent
                            + " (groups " + groups + ")");
                    System.out.println("  deciding policies: " + (answer.policyIds().isEmpty() ? "none (deny by default)" : answer.policyIds()));
                    if (answer.allowed()) {
                        System.out.println("  approval tier in force: " + answer.tier().word() + " (definition "
                                + answer.definitionTier().word()
                                + (answer.operatorTier() == null ? "" : ", operator " + answer.operatorTier().word())
                                + (answer.raisedTier() == null ? "" : ", raised by policy to " + answer.raisedTier().word()) + ")");
                    }
                    System.out.println("  tools/list shows it to this agent: " + (listed ? "yes" : "no"));
                    if (!answer.errors().isEmpty()) {
                        System.out.println("  errors: " + answer.errors());
                    }
                }
                return answer.allowed() ? 0 : 3;
            } finally {
                vertx.close();
            }
        }
    }

    @Command(name = "schema", mixinStandardHelpOptions = true,
            description = "Print the complete Cedar schema the policies are validated against (the folder's schema and the types derived from the tools).")
    static final class PrintSchema implements Callable<Integer> {
        @Option(names = "--tools", defaultValue = "tools", description = "the tool catalogue folder")
        Path tools;

        @Option(names = "--policies", defaultValue = "policies", description = "the policies folder")
        Path policies;

        @Override
        public Integer call() {
            Vertx vertx = Vertx.vertx();
            try {
                ToolCatalog catalog = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn()).load(tools);
                System.out.print(io.jitgate.policy.PolicySchema.load(policies, catalog).text());
                return 0;
            } finally {
                vertx.close();
            }
        }
    }
}
