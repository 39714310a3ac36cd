package io.jitgate.cli;

import io.jitgate.aws.AwsOperations;
import io.jitgate.policy.CedarPolicyEngine;
import io.jitgate.policy.PolicyCase;
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
        subcommands = PolicyCommand.Explain.class)
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

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() {
            Vertx vertx = Vertx.vertx();
            try {
                ToolCatalog catalog = new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn()).load(tools);
                CedarPolicyEngine engine = CedarPolicyEngine.load(policies);
                JsonObject intent = new JsonObject().put("purpose", purpose).put("taskId", task).put("prompt", prompt);
                PolicyCase question = PolicyCase.fromJson(new JsonObject().put("name", "explain").put("tool", tool).put("action", action)
                        .put("principal", new JsonObject().put("agent", agent).put("user", user).put("groups", groups))
                        .put("arguments", new JsonObject(arguments)).put("intent", intent));
                PolicyCase.Explanation answer = question.explain(catalog, engine);
                if (json) {
                    System.out.println(answer.toJson().encodePrettily());
                } else {
                    System.out.println((answer.allowed() ? "ALLOW" : "DENY") + " " + action + " " + tool + " for agent " + agent
                            + " (groups " + groups + ")");
                    System.out.println("  deciding policies: " + (answer.policyIds().isEmpty() ? "none (deny by default)" : answer.policyIds()));
                    if (answer.allowed()) {
                        System.out.println("  approval tier in force: " + answer.tier().word());
                    }
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
}
