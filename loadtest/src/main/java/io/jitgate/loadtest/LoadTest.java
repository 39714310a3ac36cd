package io.jitgate.loadtest;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jitgate loadtest SCENARIO}: benchmarks against a running gateway. */
@Command(name = "loadtest", mixinStandardHelpOptions = true, subcommands = {StageSplit.class, FullPath.class, AuditCost.class, PolicyBench.class, AuditLogBench.class, IdleSessions.class, RunLoad.class, Peers.class, Soak.class, PolicySetCommand.class, Narrowing.class},
        description = "Benchmarks against a running gateway (start one with ./jitgate dev).")
public final class LoadTest {
    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadTest())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("loadtest: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    return 1;
                })
                .execute(args));
    }
}
