package io.jitgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jitgate} command line. Errors are printed as one line, without a stack trace. */
@Command(name = "jitgate", mixinStandardHelpOptions = true, version = "jitgate 0.1.0",
        description = "MCP tool gateway with just-in-time AWS credentials from Vault.",
        subcommands = {ServeCommand.class, StdioCommand.class, PolicyCommand.class, DevSetupCommand.class, TokenCommand.class,
                AuditCommand.class, VaultConfigCommand.class, TiersCommand.class, ApprovalsCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("jitgate: " + oneLine(e));
                    return 1;
                })
                .execute(args);
    }

    static String oneLine(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        if (e instanceof java.nio.file.AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        Throwable t = e;
        while ((t.getMessage() == null || t instanceof java.util.concurrent.CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
